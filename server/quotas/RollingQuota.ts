/**
 * At most `limit` actions per key (a user, a report) within any window of
 * `windowMs` (a rolling window, not a calendar day): each key keeps the
 * times of its last `limit` actions, so memory is bounded by keys × limit.
 * The clock is injectable for tests. Counts live in memory: a restart starts
 * every key afresh, which only a server operator can cause. The embedded
 * QuotaCounter; cluster mode shares the counts (RedisRollingQuota.ts).
 */
import type { QuotaCharge, QuotaCounter, QuotaFactory } from './QuotaCounter'

export type QuotaDecision = { ok: true } | { ok: false; retryAfterMs: number }

export class RollingQuota implements QuotaCounter {
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

  /** QuotaCounter: take(), and giveBack() as the way to un-count it. */
  charge(key: string): QuotaCharge {
    const decision = this.take(key)
    return decision.ok ? { ok: true, giveBack: () => this.giveBack(key) } : decision
  }

  /** Gives back the latest action of `key` (it failed before it changed anything). */
  giveBack(key: string): void {
    this.times.get(key)?.pop()
  }
}

/** The embedded QuotaFactory: a RollingQuota per quota, in this process's memory. */
export const memoryQuotas: QuotaFactory = (_name, limit, windowMs) => new RollingQuota(limit, windowMs)
