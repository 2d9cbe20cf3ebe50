/**
 * A series belongs to the people of its reports.
 *
 * - Creating a report in a series needs a role (any, viewer up) on the
 *   series' latest report, whatever its status; a series without reports is
 *   free to start. The monthly cycle carries the team's members forward, so
 *   the team of the latest report is the team of the series.
 * - Whatever is read from other reports of the series is read on behalf of
 *   a reader and only from reports that reader may read:
 *   - carry-over: the user creating the report;
 *   - a report's trend charts: every owner of that report. The server
 *     writes the points into the document, which all its members see; the
 *     owners decide who those members are, so a point appears only if each
 *     of them may read its report already. "Any owner" would not do: an
 *     owner can make anyone a co-owner, and borrow their access.
 *   The admin reads every report.
 * - One report per series and period is published: publishing a second
 *   one answers 409 while another report of that period has a published
 *   version (also when it was unlocked to be amended) or is being published.
 */
import { AppError, conflict } from '../errors'
import type { MetaStore, ReportRecord, UserRecord } from '../meta/MetaStore'
import type { MayRead } from '../versions/SeriesHistory'
import { effectiveRole } from './effectiveRole'
import type { ReportLocks } from './ReportLocks'

/** The series' latest report: of its last period, the one created last. */
export function latestReportOf(meta: MetaStore, series: string): ReportRecord | undefined {
  let latest: ReportRecord | undefined
  for (const r of meta.data.reports) {
    if (r.series !== series) continue
    if (!latest || r.period > latest.period || (r.period === latest.period && r.createdAt >= latest.createdAt)) latest = r
  }
  return latest
}

/** Whether `user` may create a report in `series`: it has no report yet, or they may read its latest one. */
export function mayCreateInSeries(meta: MetaStore, series: string, user: UserRecord): boolean {
  const latest = latestReportOf(meta, series)
  return !latest || effectiveRole(meta, latest.id, user) !== undefined
}

/** 403 series_forbidden unless the user `userId` may create a report in `series`. */
export function assertMayCreateInSeries(meta: MetaStore, series: string, userId: string): void {
  const user = meta.userById(userId)
  if (user && mayCreateInSeries(meta, series, user)) return
  throw new AppError(
    403,
    'series_forbidden',
    `Series "${series}" belongs to the people of its reports: an owner of its latest report can give you a role on it.`,
  )
}

/** What a user may read, for what is read on their behalf (carry-over: the creator). */
export function userReader(meta: MetaStore, user: UserRecord): MayRead {
  return (reportId) => effectiveRole(meta, reportId, user) !== undefined
}

/** What a report's trend charts may show: reports every one of its owners may read (none if it has no owner). */
export function trendReader(meta: MetaStore, reportId: string): MayRead {
  const owners = meta
    .membersOf(reportId)
    .filter((m) => m.role === 'owner')
    .map((m) => meta.userById(m.userId))
  if (owners.length === 0 || owners.some((u) => u === undefined)) return () => false
  return (source) => source === reportId || owners.every((u) => effectiveRole(meta, source, u!) !== undefined)
}

/** 409 if another report of the same series and period is published (or being published). */
export function assertPeriodFree(meta: MetaStore, locks: ReportLocks, report: ReportRecord): void {
  const taken = meta.data.reports.find(
    (r) => r.id !== report.id && r.series === report.series && r.period === report.period && (r.published || locks.isPublishing(r.id)),
  )
  if (taken) {
    throw conflict(
      'period_published',
      `Series "${report.series}" already has a published report for ${report.period}; amend that one (unlock it) instead of publishing a second.`,
    )
  }
}
