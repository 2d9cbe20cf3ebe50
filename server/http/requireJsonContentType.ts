/**
 * Every state-changing API call (POST, PUT, PATCH, DELETE) must declare
 * `Content-Type: application/json`, with or without a body; anything else is
 * refused with 415 before any route runs.
 *
 * Why: a page of another origin can send a form post or a `text/plain` /
 * body-less fetch with the user's cookie without asking the server first (no
 * CORS preflight), and would act as the user. A JSON content type makes the
 * browser ask first (preflight), and this server never says yes.
 */
import { createMiddleware } from 'hono/factory'
import { AppError } from '../errors'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

export function requireJsonContentType() {
  return createMiddleware(async (c, next) => {
    if (!SAFE_METHODS.has(c.req.method)) {
      const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
      if (type !== 'application/json') {
        throw new AppError(415, 'bad_content_type', 'Send state-changing requests with Content-Type: application/json (also without a body).')
      }
    }
    await next()
  })
}
