/**
 * Which web pages may use the collaboration socket. A browser sends the
 * `Origin` of the page with every websocket upgrade and a page cannot forge
 * it; the cookie goes along with it (SameSite=Strict only keeps other
 * *sites* out, not other origins of the same site, e.g. another subdomain).
 * So the upgrade is accepted from the server's own origin and the origins of
 * ALLOWED_ORIGINS only.
 *
 * A request without `Origin` is not from a page (browsers always send it on
 * an upgrade): a script or a native client. It passes here, but it may not
 * use the cookie — it must bring a credential a page could not have attached
 * for it (`Authorization: Bearer` or a ticket; see collabRoute).
 */
import { createMiddleware } from 'hono/factory'
import { AppError } from '../errors'
import { requestOrigin } from './forwarded'

export type OriginVerdict = 'absent' | 'allowed' | 'refused'

export interface OriginPolicy {
  /** Origins (normalized, `scheme://host[:port]`) allowed besides the server's own. */
  allowedOrigins: readonly string[]
  trustProxy: boolean
}

/** Whether the request's `Origin` is the server's own or an allowed one (`null`, the opaque origin, never is). */
export function originVerdict(c: Parameters<typeof requestOrigin>[0], policy: OriginPolicy): OriginVerdict {
  const origin = c.req.header('origin')
  if (origin === undefined) return 'absent'
  const own = requestOrigin(c, policy.trustProxy)
  if (own !== null && origin.toLowerCase() === own) return 'allowed'
  if (URL.canParse(origin) && policy.allowedOrigins.includes(new URL(origin).origin)) return 'allowed'
  return 'refused'
}

/** 403 `origin_not_allowed` before anything else when a page of a foreign origin asks. */
export function requireAllowedOrigin(policy: OriginPolicy) {
  return createMiddleware(async (c, next) => {
    if (originVerdict(c, policy) === 'refused') {
      console.warn(`[http] ${c.req.method} ${c.req.path}: refused the page origin ${JSON.stringify(c.req.header('origin')?.slice(0, 200))}`)
      throw new AppError(403, 'origin_not_allowed', 'Pages of this origin may not open the collaboration socket.')
    }
    await next()
  })
}
