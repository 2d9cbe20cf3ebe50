/**
 * `POST /api/collab-ticket` `{reportId?}` → 201 `{ticket, expiresAt}`: a
 * single-use ticket, valid 60 s, that opens the collaboration socket as the
 * caller (`/collab/<report>?ticket=…`). For clients that can neither send the
 * cookie nor set headers on a websocket; the long-lived token never goes into
 * a URL. With `reportId` the ticket opens that report only (the caller must
 * be a member: 403, unknown 404).
 */
import { Hono } from 'hono'
import { collabTicketApi } from '@schema/api/collabTicketApi'
import { TooManyTicketsError, type CollabTicketStore } from '../auth/CollabTicketStore'
import type { TokenService } from '../auth/TokenService'
import { AppError, forbidden, notFound } from '../errors'
import type { AppEnv } from '../http/AppEnv'
import { jsonBody, reply } from '../http/validation'
import { requireUser } from '../http/requireUser'
import type { MetaStore } from '../meta/MetaStore'
import { isArchived, reportArchived } from '../reports/archivedReport'
import { effectiveRole } from '../reports/effectiveRole'

export function collabTicketRoutes(deps: { meta: MetaStore; tokens: TokenService; tickets: CollabTicketStore }) {
  return new Hono<AppEnv>().post('/', requireUser(deps.tokens, deps.meta), jsonBody(collabTicketApi.issue.body), async (c) => {
    const { reportId } = c.req.valid('json')
    const user = c.var.user
    if (reportId !== undefined) {
      if (!deps.meta.report(reportId)) throw notFound('Report')
      if (!effectiveRole(deps.meta, reportId, user)) throw forbidden('You are not a member of this report.')
      if (isArchived(deps.meta.report(reportId)!)) throw reportArchived()
    }
    try {
      const { ticket, expiresAt } = await deps.tickets.issue({ userId: user.id, tokenVersion: user.tokenVersion, reportId: reportId ?? null })
      c.header('cache-control', 'no-store')
      return reply(c, collabTicketApi.issue, { ticket, expiresAt: new Date(expiresAt).toISOString() })
    } catch (err) {
      if (!(err instanceof TooManyTicketsError)) throw err
      c.header('retry-after', String(Math.ceil(deps.tickets.ttlMs / 1000)))
      throw new AppError(429, 'too_many_tickets', `Too many unused tickets; ${err.message}.`)
    }
  })
}
