import type { Context } from 'hono'
import { isReportId } from '@schema/reportId'
import { roleAtLeast, type Role } from '@schema/roles'
import { currentCaller } from '../auth/authenticate'
import { badRequest, forbidden, notFound, unauthorized } from '../errors'
import type { AppEnv } from '../http/AppEnv'
import type { MetaStore, ReportRecord } from '../meta/MetaStore'
import { isArchived, reportArchived } from './archivedReport'
import { effectiveRole } from './effectiveRole'

export interface ReportAccess {
  report: ReportRecord
  role: Role
  /**
   * The same check again, now: call it at the moment of the write, in the
   * same tick as the write. A request is authorized when it arrives, but its
   * body may take long to arrive, and a load or a snapshot may come in
   * between: the caller may have been removed, demoted, deactivated or
   * signed out everywhere meanwhile (401/403/404, nothing written).
   */
  recheck(): { report: ReportRecord; role: Role }
}

/**
 * The report of the route's `:id` and the caller's role on it, read live:
 * 400 malformed id, 404 unknown report, 403 role below `needed`, 410 an
 * archived report (except for its owners on the routes that manage the
 * archive: `options.archived`). `options.reportId`: a report the route found
 * otherwise (no `:id` in its path).
 */
export function reportAccess(meta: MetaStore, c: Context<AppEnv>, needed: Role, options: { archived?: boolean; reportId?: string } = {}): ReportAccess {
  const id = options.reportId ?? c.req.param('id') ?? ''
  if (!isReportId(id)) throw badRequest('Invalid report id.')
  // The token was checked just now (requireUser): its version is the user's current one.
  const { id: userId, tokenVersion } = c.var.user
  const check = () => {
    const report = meta.report(id)
    if (!report) throw notFound('Report')
    const user = currentCaller(meta, userId, tokenVersion)
    if (!user) throw unauthorized()
    const role = effectiveRole(meta, id, user)
    if (!role || !roleAtLeast(role, needed)) throw forbidden()
    if (isArchived(report) && !(options.archived && role === 'owner')) throw reportArchived()
    return { report, role }
  }
  return { ...check(), recheck: check }
}
