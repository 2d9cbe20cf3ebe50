/**
 * `GET /api/reports/:id/activity`: the audit entries of one report, newest
 * first, with the names of the people they concern, for the activity drawer
 * (client/activity/). Members only; member changes (who was given which role,
 * who was removed) are shown to owners and admins only. Owners also read it
 * while the report is archived.
 */
import { Hono } from 'hono'
import { ACTIVITY_ACTIONS, activityApi, type ActivityEntry } from '@schema/api/activityApi'
import type { TokenService } from '../auth/TokenService'
import type { AppEnv } from '../http/AppEnv'
import { requireUser } from '../http/requireUser'
import { reply } from '../http/validation'
import type { AuditEntry, MetaStore } from '../meta/MetaStore'
import { reportAccess } from '../reports/reportAccess'

const OWNER_ONLY: readonly string[] = ['member.set', 'member.remove']

export function activityRoutes(deps: { meta: MetaStore; tokens: TokenService }) {
  const { meta } = deps
  const person = (id: string) => ({ id, displayName: meta.userById(id)?.displayName ?? id })
  const entryOf = (e: AuditEntry): ActivityEntry => {
    const detail = (e.detail && typeof e.detail === 'object' ? e.detail : {}) as Record<string, unknown>
    return {
      at: e.at,
      action: e.action as ActivityEntry['action'],
      actor: person(e.userId),
      ...(typeof detail.userId === 'string' ? { subject: person(detail.userId) } : {}),
      detail,
    }
  }
  return new Hono<AppEnv>().use(requireUser(deps.tokens, meta)).get('/:id/activity', (c) => {
    const { report, role } = reportAccess(meta, c, 'viewer', { archived: true })
    const entries = meta.data.audit
      .filter((e) => e.reportId === report.id && (ACTIVITY_ACTIONS as readonly string[]).includes(e.action))
      .filter((e) => role === 'owner' || !OWNER_ONLY.includes(e.action))
      .map(entryOf)
      .reverse()
    return reply(c, activityApi.list, { reportId: report.id, entries })
  })
}
