/** Polls `condition` every few milliseconds until it holds; fails with `message` after `timeoutMs`. */
export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  message: string | (() => string),
  timeoutMs = 10_000,
  intervalMs = 10,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (await condition()) return
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${typeof message === 'string' ? message : message()}`)
    await sleep(intervalMs)
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * A named wait for tests that assert something does NOT happen (no second write, no late message) and
 * that have no later event to use as a marker: `why` says what would have happened within `ms`.
 * Not for waiting on something that does happen: use `waitUntil` on it.
 */
export async function quietPeriod(ms: number, why: string): Promise<void> {
  void why
  await sleep(ms)
}
