/**
 * A per-user rolling quota (at most `limit` actions within any window of
 * `windowMs`), as the routes see it through chargeUser. Two implementations:
 * RollingQuota (in memory, one process: the embedded default) and
 * RedisRollingQuota (cluster mode: one count shared by every process, so a
 * user spread over N processes does not get N times the allowance).
 */

/** Counted (`giveBack` un-counts exactly this action if it then fails), or refused until the oldest counted action leaves the window. */
export type QuotaCharge = { ok: true; giveBack(): void | Promise<void> } | { ok: false; retryAfterMs: number }

export interface QuotaCounter {
  readonly limit: number
  readonly windowMs: number
  /**
   * Counts one action of `key` (a user id) if the quota allows it. A refusal is not counted.
   * A shared store that cannot be reached rejects (RetryLaterError 503): the action is refused, never let through uncounted.
   */
  charge(key: string): QuotaCharge | Promise<QuotaCharge>
}

/** Builds the counter of one named quota (the name keeps quotas apart in a shared store: "restores", "unlocks", …). */
export type QuotaFactory = (name: string, limit: number, windowMs: number) => QuotaCounter
