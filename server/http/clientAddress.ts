import type { Context } from 'hono'
import { getConnInfo } from '@hono/node-server/conninfo'

/**
 * The address a request came from, for per-client limits (the login
 * throttle): the TCP peer of the socket. The one place that decides it, so
 * a trusted-proxy setting (forwarded headers) changes it here only.
 * `unknown` when the request did not come over a Node socket (in-process
 * `app.request` in unit tests without bindings).
 */
export function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown'
  } catch {
    return 'unknown'
  }
}
