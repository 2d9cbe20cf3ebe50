/**
 * `GET /api/config`, without authentication: what the client needs to know about this instance before it
 * shows anything, `{timeZone}` (env TIMEZONE, the IANA zone every time is shown in).
 */
import { Hono } from 'hono'
import { configApi } from '@schema/api/configApi'
import { reply } from '../http/validation'

export function configRoutes(env: { TIMEZONE: string }) {
  const config = { timeZone: env.TIMEZONE }
  return new Hono().get('/', (c) => {
    c.header('cache-control', 'no-cache')
    return reply(c, configApi.get, config)
  })
}
