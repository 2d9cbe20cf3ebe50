/**
 * `GET /api/health`, without authentication (load balancers and monitors
 * call it): `{ok: true, eventLoop: {maxMs, p99Ms, meanMs, sinceMs}}`, the
 * event-loop delays since the last reset. `?reset=1` answers the numbers so
 * far and starts a new measurement (tests reset before a hostile frame and
 * read the stall it caused).
 */
import { Hono } from 'hono'
import { EventLoopMonitor } from '../health/eventLoopMonitor'

export function healthRoutes(monitor = new EventLoopMonitor()) {
  return new Hono().get('/', (c) => {
    const eventLoop = monitor.stats()
    if (c.req.query('reset') === '1') monitor.reset()
    c.header('cache-control', 'no-store')
    return c.json({ ok: true, eventLoop })
  })
}
