/**
 * At most `limit` actions per key (a user, a report) within any window of
 * `windowMs` (a rolling window, not a calendar day): each key keeps the
 * times of its last `limit` actions, so memory is bounded by keys × limit.
 * The clock is injectable for tests. Counts live in memory: a restart starts
 * every key afresh, which only a server operator can cause.
 */
export type QuotaDecision = { ok: true } | { ok: false; retryAfterMs: number }

export class RollingQuota {
  private readonly times = new Map<string, number[]>()

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one action of `key` if the quota allows it; otherwise says when the oldest counted one leaves the window. */
  take(key: string): QuotaDecision {
    const now = this.now()
    const recent = (this.times.get(key) ?? []).filter((t) => t > now - this.windowMs)
    if (recent.length >= this.limit) {
      this.times.set(key, recent)
      return { ok: false, retryAfterMs: recent[0]! + this.windowMs - now }
    }
    recent.push(now)
    this.times.set(key, recent)
    return { ok: true }
  }

  /** Gives back the latest action of `key` (it failed before it changed anything). */
  giveBack(key: string): void {
    this.times.get(key)?.pop()
  }
}
