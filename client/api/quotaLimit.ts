import { ApiError } from './apiClient'

/** The limit a `quota_exceeded` answer names (server/errors.ts quotaExceeded), or null for any other error. */
export function quotaLimitOf(err: unknown): number | null {
  if (!(err instanceof ApiError) || err.code !== 'quota_exceeded') return null
  const limit = (err.body as { error?: { details?: { limit?: unknown } } } | null)?.error?.details?.limit
  return typeof limit === 'number' ? limit : null
}
