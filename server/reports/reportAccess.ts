import type { Context } from 'hono'
import { isReportId } from '@schema/reportId'
import { roleAtLeast, type Role } from '@schema/roles'
import { badRequest, forbidden, notFound } from '../errors'
import type { AppEnv } from '../http/AppEnv'
import type { MetaStore, ReportRecord } from '../meta/MetaStore'
import { effectiveRole } from './effectiveRole'

/**
 * The report of the route's `:id` and the caller's role on it, read live:
 * 400 malformed id, 404 unknown report, 403 role below `needed`.
 */
export function reportAccess(meta: MetaStore, c: Context<AppEnv>, needed: Role): { report: ReportRecord; role: Role } {
  const id = c.req.param('id') ?? ''
  if (!isReportId(id)) throw badRequest('Invalid report id.')
  const report = meta.report(id)
  if (!report) throw notFound('Report')
  const role = effectiveRole(meta, id, c.var.user)
  if (!role || !roleAtLeast(role, needed)) throw forbidden()
  return { report, role }
}
