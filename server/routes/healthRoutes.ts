/**
 * `GET /api/health`, without authentication (load balancers and monitors
 * call it): `{ok: true, eventLoop: {maxMs, p99Ms, meanMs, sinceMs}}`, the
 * event-loop delays since the last reset. `?reset=1` answers the numbers so
 * far and starts a new measurement (tests reset before a hostile frame and
 * read the stall it caused); only the admin may reset (401 without a token,
 * 403 for anyone else): otherwise anybody could wipe the figures an operator
 * watches, e.g. right after stalling the server.
 */
import { Hono } from 'hono'
import { healthApi } from '@schema/api/healthApi'
import { tokenOf, userForToken } from '../auth/authenticate'
import type { TokenService } from '../auth/TokenService'
import { forbidden, unauthorized } from '../errors'
import { EventLoopMonitor } from '../health/eventLoopMonitor'
import type { MetaStore } from '../meta/MetaStore'
import { queryOf, reply } from '../http/validation'

export function healthRoutes(tokens: TokenService, meta: MetaStore, monitor = new EventLoopMonitor()) {
  return new Hono().get('/', queryOf(healthApi.get.query), async (c) => {
    const reset = c.req.valid('query').reset === '1'
    if (reset) {
      const user = await userForToken(tokenOf(c), tokens, meta)
      if (!user) throw unauthorized('Sign in as the admin to reset the figures.')
      if (!user.admin) throw forbidden('Only the admin resets the figures.')
    }
    const eventLoop = monitor.stats()
    if (reset) monitor.reset()
    c.header('cache-control', 'no-store')
    return reply(c, healthApi.get, { ok: true, eventLoop })
  })
}
