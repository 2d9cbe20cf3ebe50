import type { Context } from 'hono'
import { quotaExceeded } from '../errors'
import type { AppEnv } from '../http/AppEnv'
import type { QuotaCounter } from './QuotaCounter'

/**
 * Counts one action of the signed-in user against `quota`, or refuses it
 * with 429 quota_exceeded and Retry-After (seconds until the oldest counted
 * action leaves the window). Admins are exempt: they already hold every
 * right (users, resets), and seed reports for teams. Returns how to give the
 * count back when the action then fails without changing anything.
 *
 * `refusal` names the limit and its variable, e.g. "You created 50 reports
 * within the last 24 hours, the most allowed (REPORTS_PER_USER_PER_DAY)".
 *
 * A shared quota store that cannot be reached (cluster mode) refuses with
 * 503 (QuotaCounter.charge rejects); giving back that fails is logged, the
 * count then simply ages out of the window.
 */
export async function chargeUser(c: Context<AppEnv>, quota: QuotaCounter, refusal: string): Promise<() => void> {
  const user = c.var.user
  if (user.admin) return () => undefined
  const decision = await quota.charge(user.id)
  if (!decision.ok) {
    c.header('Retry-After', String(Math.ceil(decision.retryAfterMs / 1000)))
    throw quotaExceeded(429, `${refusal}; try again later.`, { limit: quota.limit, retryAfterMs: decision.retryAfterMs })
  }
  return () => {
    const given = decision.giveBack()
    if (given) given.catch(() => undefined) // already logged by the store
  }
}
