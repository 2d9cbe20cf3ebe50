/**
 * `PUT /api/reports/:id/metrics` and `PUT /api/series/:series/periods/:period/metrics`:
 * metric values pushed by a system, with an API token (apiTokens/apiTokenGate.ts:
 * the report in its scope, its creator's role checked now) or a session. An
 * editor's right is needed, a published report answers 423 (the lock checks
 * of the content PUT, again at the moment of the write), and the values are
 * written by the server as its own peer (reports/pushMetrics.ts) and saved
 * before the answer. Every push is audited (`report.metrics.push`), also one
 * that changed nothing.
 */
import { Hono, type Context } from 'hono'
import { metricsApi, type MetricsPush, type MetricsPushResult } from '@schema/api/metricsApi'
import { roleAtLeast } from '@schema/roles'
import { inTokenScope, outOfScope, requireTokenScope } from '../apiTokens/apiTokenScope'
import type { TokenService } from '../auth/TokenService'
import type { RoomManager } from '../collab/RoomManager'
import { conflict, forbidden, locked, notFound } from '../errors'
import type { AppEnv } from '../http/AppEnv'
import { requireUser } from '../http/requireUser'
import { jsonBody, paramsOf, reply } from '../http/validation'
import { audit } from '../meta/audit'
import type { MetaStore, ReportRecord } from '../meta/MetaStore'
import { isArchived } from '../reports/archivedReport'
import { effectiveRole } from '../reports/effectiveRole'
import { pushMetrics } from '../reports/pushMetrics'
import { reportAccess } from '../reports/reportAccess'
import type { ReportLocks } from '../reports/ReportLocks'

/** Keys named in an audit entry (the counts are always there). */
const AUDITED_KEYS = 50

export interface MetricsRouteDeps {
  meta: MetaStore
  rooms: RoomManager
  tokens: TokenService
  locks: ReportLocks
}

export function metricsRoutes({ meta, rooms, tokens, locks }: MetricsRouteDeps) {
  /** Writes the push into the report (the caller's access checked again at the moment of the write), then audits it. */
  const apply = async (c: Context<AppEnv>, reportId: string, push: MetricsPush): Promise<MetricsPushResult> => {
    const { recheck } = reportAccess(meta, c, 'editor', { reportId })
    if (locks.isLocked(reportId)) throw locked()
    const result = await rooms.withRoom(reportId, async (room) => {
      if (locks.isLocked(reportId)) throw locked() // published while the room was loading
      recheck() // demoted, removed or deactivated meanwhile
      const token = c.var.apiToken
      const user = c.var.user
      // The cell history names the token (not its creator) for a push made with one.
      const author = token ? { kind: 'token' as const, id: token.id, name: token.name } : { kind: 'user' as const, id: user.id, name: user.displayName }
      const applied = pushMetrics(room, reportId, push, author)
      await room.persistence.flush()
      return applied
    })
    const token = c.var.apiToken
    await meta.update((data) => {
      audit(data, {
        userId: c.var.user.id,
        action: 'report.metrics.push',
        reportId,
        detail: {
          via: token ? 'token' : 'session',
          ...(token ? { tokenId: token.id, tokenName: token.name } : {}),
          updated: result.updated.length,
          created: result.created.length,
          unchanged: result.unchanged.length,
          keys: [...result.updated, ...result.created].slice(0, AUDITED_KEYS),
        },
      })
    })
    return result
  }

  /** The live report of a series and month the caller may push into (in the token's scope). */
  const reportOfPeriod = (c: Context<AppEnv>, series: string, period: string): ReportRecord => {
    const live = meta.data.reports.filter((r) => r.series === series && r.period === period && !isArchived(r))
    const token = c.var.apiToken
    const inScope = token ? live.filter((r) => inTokenScope(token.scope, r)) : live
    if (token && live.length > 0 && inScope.length === 0) throw outOfScope()
    const user = c.var.user
    const writable = inScope.filter((r) => {
      const role = effectiveRole(meta, r.id, user)
      return role !== undefined && roleAtLeast(role, 'editor')
    })
    if (writable.length === 0) {
      if (inScope.some((r) => effectiveRole(meta, r.id, user) !== undefined)) throw forbidden()
      throw notFound('Report of this series and period')
    }
    if (writable.length > 1) {
      throw conflict('ambiguous_report', `Several reports of ${series} ${period} may be written (${writable.map((r) => r.id).join(', ')}): push by report id.`)
    }
    requireTokenScope(c, writable[0])
    return writable[0]!
  }

  return new Hono<AppEnv>()
    .put('/reports/:id/metrics', requireUser(tokens, meta), paramsOf(metricsApi.pushReport.params), jsonBody(metricsApi.pushReport.body), async (c) => {
      const { id } = c.req.valid('param')
      return reply(c, metricsApi.pushReport, await apply(c, id, c.req.valid('json')))
    })
    .put('/series/:series/periods/:period/metrics', requireUser(tokens, meta), paramsOf(metricsApi.pushSeries.params), jsonBody(metricsApi.pushSeries.body), async (c) => {
      const { series, period } = c.req.valid('param')
      const report = reportOfPeriod(c, series, period)
      return reply(c, metricsApi.pushSeries, await apply(c, report.id, c.req.valid('json')))
    })
}
