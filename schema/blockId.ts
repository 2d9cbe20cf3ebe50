/** A new stable block id. `crypto.randomUUID` exists in browsers and in Node ≥ 19 without imports. */
export function newBlockId(): string {
  return crypto.randomUUID()
}
