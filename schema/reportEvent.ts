/**
 * Events the server pushes to every open editor of a report
 * (MESSAGE_REPORT_EVENT in wire.ts), as JSON.
 */
export interface ReportStatusEvent {
  type: 'status'
  status: 'draft' | 'published'
  /** 0 for the original, n for amendment v1.n. */
  revision: number
  /** The label of the latest published version ("1", "1.1"), if any. */
  version: string | null
  publishedAt: string | null
  /** Display name of who published the latest version. */
  publishedBy: string | null
}

/** Comment threads changed; clients refetch `GET /api/reports/:id/comments`. */
export interface CommentsChangedEvent {
  type: 'comments'
  /** The thread that changed. */
  threadId: string
}

export type ReportEvent = ReportStatusEvent | CommentsChangedEvent

/** What a status event is made of: the report record's status fields (server/meta/MetaStore.ts). */
export interface ReportStatusSource {
  status: 'draft' | 'published'
  revision: number
  published?: { version: string; publishedAt: string; publishedBy: { displayName: string } } | null
}

/** The status event of a report: pushed by the server, and what the client starts from before one arrives. */
export function statusEventOf(report: ReportStatusSource): ReportStatusEvent {
  return {
    type: 'status',
    status: report.status,
    revision: report.revision,
    version: report.published?.version ?? null,
    publishedAt: report.published?.publishedAt ?? null,
    publishedBy: report.published?.publishedBy.displayName ?? null,
  }
}
