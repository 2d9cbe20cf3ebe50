import type { Context } from 'hono'
import { quotaExceeded } from '../errors'
import type { AppEnv } from '../http/AppEnv'
import type { RollingQuota } from './RollingQuota'

/**
 * Counts one action of the signed-in user against `quota`, or refuses it
 * with 429 quota_exceeded and Retry-After (seconds until the oldest counted
 * action leaves the window). Admins are exempt: they already hold every
 * right (users, resets), and seed reports for teams. Returns how to give the
 * count back when the action then fails without changing anything.
 *
 * `refusal` names the limit and its variable, e.g. "You created 50 reports
 * within the last 24 hours, the most allowed (REPORTS_PER_USER_PER_DAY)".
 */
export function chargeUser(c: Context<AppEnv>, quota: RollingQuota, refusal: string): () => void {
  const user = c.var.user
  if (user.admin) return () => undefined
  const decision = quota.take(user.id)
  if (!decision.ok) {
    c.header('Retry-After', String(Math.ceil(decision.retryAfterMs / 1000)))
    throw quotaExceeded(429, `${refusal}; try again later.`, { limit: quota.limit, retryAfterMs: decision.retryAfterMs })
  }
  return () => quota.giveBack(user.id)
}
