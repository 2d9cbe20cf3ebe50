/**
 * Events the server pushes to every open editor of a report
 * (MESSAGE_REPORT_EVENT in wire.ts), as JSON.
 */
import type { ThreadView } from './comments/ThreadView'

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

/**
 * A comment thread changed: the thread as the recipient sees it now (their
 * unread mentions in it), or null when it was deleted. Clients merge it into
 * their list (the higher `rev` wins) instead of refetching the list.
 */
export interface CommentsChangedEvent {
  type: 'comments'
  /** The thread that changed. */
  threadId: string
  /** The report's comment revision after the change (ThreadView.rev). */
  rev: number
  /** The thread now, or null when it was deleted. */
  thread: ThreadView | null
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
