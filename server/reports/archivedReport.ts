/**
 * The one rule of an archived report (moved to the trash): gone for everyone's
 * work (lists, sockets, REST answer 410), restorable by its owners and admins
 * for ARCHIVE_RESTORE_DAYS, then hidden for good. Its files stay on disk.
 */
import { gone } from '../errors'
import type { ReportRecord } from '../meta/MetaStore'

const DAY_MS = 24 * 3600 * 1000

export function isArchived(report: ReportRecord): boolean {
  return !!report.archived
}

/** Whether an archived report may still be restored at `now`. */
export function isRestorable(report: ReportRecord, restoreDays: number, now = Date.now()): boolean {
  return !!report.archived && now - Date.parse(report.archived.at) < restoreDays * DAY_MS
}

/** Until when an archived report may be restored (ISO), or null while it is live. */
export function restorableUntil(report: ReportRecord, restoreDays: number): string | null {
  return report.archived ? new Date(Date.parse(report.archived.at) + restoreDays * DAY_MS).toISOString() : null
}

export const reportArchived = () => gone('archived', 'The report was archived.')
