/**
 * `GET /api/config`, without authentication: what the client needs to know about this instance before it
 * shows anything, `{timeZone}` (env TIMEZONE, the IANA zone every time is shown in).
 */
import { Hono } from 'hono'
import type { z } from 'zod'
import type { configApi } from '@schema/api/configApi'

export function configRoutes(env: { TIMEZONE: string }) {
  const config: z.infer<typeof configApi.get.response> = { timeZone: env.TIMEZONE }
  return new Hono().get('/', (c) => {
    c.header('cache-control', 'no-cache')
    return c.json(config)
  })
}
