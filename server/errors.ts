import type { ContentfulStatusCode } from 'hono/utils/http-status'

/**
 * Every error the API answers with: a status, a stable machine code and a
 * human message. Rendered as `{"error": {"code", "message"}}` by the one
 * `app.onError` in app.ts.
 */
export class AppError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message)
  }
}

export const badRequest = (message: string, details?: unknown) => new AppError(400, 'bad_request', message, details)
export const unauthorized = (message = 'Sign in first.') => new AppError(401, 'unauthorized', message)
export const forbidden = (message = 'Your role on this report does not allow this.') =>
  new AppError(403, 'forbidden', message)
export const notFound = (what = 'Resource') => new AppError(404, 'not_found', `${what} not found.`)
export const conflict = (code: string, message: string) => new AppError(409, code, message)
export const tooLarge = (limit: number) => new AppError(413, 'too_large', `Body larger than ${limit} bytes.`)
export const gone = (code: string, message: string) => new AppError(410, code, message)
export const locked = () => new AppError(423, 'locked', 'The report is published and locked.')
export const storageFailed = (message: string) => new AppError(500, 'storage_failed', message)

/**
 * A quota of issue 13 (env.ts) was reached: 429 for quotas over time (with
 * Retry-After, set by the route), 413 for a text over its length, 422 for a
 * count at its cap. The message names the limit and its variable.
 */
export const quotaExceeded = (status: 413 | 422 | 429, message: string, details?: unknown) =>
  new AppError(status, 'quota_exceeded', message, details)
/** An error the client may retry later: answered with `Retry-After: <seconds>` (app.onError sets the header). */
export class RetryLaterError extends AppError {
  constructor(
    status: 429 | 503,
    code: string,
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(status, code, message, { retryAfterSeconds })
  }
}

/**
 * Cluster mode: the shared counters a check needs (Redis: quotas, the login
 * throttle) cannot be reached. The request is refused (503, retry in 1 s),
 * never let through unchecked; `cause` is logged, not sent.
 */
export function sharedCountersUnavailable(what: string, cause: unknown): RetryLaterError {
  console.error(`[redis] ${what}: ${cause instanceof Error ? cause.message : String(cause)}`)
  return new RetryLaterError(503, 'unavailable', `The ${what} cannot be checked right now; try again in a moment.`, 1)
}
