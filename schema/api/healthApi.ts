/** `GET /api/health`: for load balancers and monitors. */
import { z } from 'zod'
import { defineRoute } from './apiRoute'

export const healthApi = {
  get: defineRoute({
    method: 'get',
    path: '/api/health',
    tag: 'instance',
    auth: 'optional',
    summary: 'Liveness and event-loop delays since the last reset; `?reset=1` (admin) starts a new measurement',
    query: z.object({ reset: z.enum(['1']).optional().describe('`1`: answer the figures so far and start again (admin only)') }),
    response: z.object({
      ok: z.literal(true),
      eventLoop: z.object({ maxMs: z.number(), p99Ms: z.number(), meanMs: z.number(), sinceMs: z.number() }),
    }),
    errors: { 401: 'reset without a token', 403: 'reset by anyone but the admin' },
  }),
}
