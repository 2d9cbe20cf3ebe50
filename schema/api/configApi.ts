/** `GET /api/config` and `GET /api/health`: facts about the instance, without authentication. */
import { z } from 'zod'
import { defineRoute } from './apiRoute'

/** The answer of `GET /api/config`: facts about this instance the client reads once at start. */
export const instanceConfigSchema = z.object({
  /** IANA time zone every time is shown in (env TIMEZONE). */
  timeZone: z.string(),
})

export const configApi = {
  get: defineRoute({
    method: 'get',
    path: '/api/config',
    tag: 'instance',
    auth: 'none',
    summary: 'The instance: the IANA time zone every time is shown in',
    response: instanceConfigSchema,
  }),
}
