import type { ReportStatusEvent } from '@schema/reportEvent'
import type { ReportRecord } from '../meta/MetaStore'

/** The status event of a report, as pushed to its editors (on join and on every change). */
export function statusEvent(report: ReportRecord): ReportStatusEvent {
  return {
    type: 'status',
    status: report.status,
    revision: report.revision,
    version: report.published?.version ?? null,
    publishedAt: report.published?.publishedAt ?? null,
    publishedBy: report.published?.publishedBy.displayName ?? null,
  }
}
