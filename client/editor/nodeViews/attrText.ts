/** A node attribute as the text shown in an input: null and undefined are ''. */
export function attrText(value: unknown): string {
  return value == null ? '' : String(value)
}

/** What an input writes back: the text as typed, or null when emptied (attributes are null when empty). */
export function textAttr(text: string): string | null {
  return text === '' ? null : text
}
