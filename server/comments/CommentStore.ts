/**
 * Comment threads of reports: the shapes stored per report and the store
 * every backend implements. Comments are not in the report's Y.Doc (a
 * reviewer may comment while the body refuses their writes, and a published
 * body stays frozen), so they get their own durable record per report.
 * Two implementations: FileCommentStore (one JSON file per report, the
 * embedded default) and PgCommentStore (one row per report, cluster mode);
 * commentStoreContract.ts is the behaviour both pass.
 */
import type { CommentAnchor } from '@schema/comments/CommentAnchor'

/** Version of the stored record; bump with a named migration when the shape changes. */
export const COMMENT_FILE_VERSION = 1

export interface CommentRecord {
  id: string
  authorId: string
  /** Empty once deleted. */
  body: string
  /** User ids mentioned (members of the report when written). */
  mentions: string[]
  createdAt: string
  editedAt: string | null
  /**
   * A deleted first comment stays as a marker while replies exist, so the
   * replies keep the context of their thread; other deleted comments are removed.
   */
  deleted: boolean
}

export interface ThreadRecord {
  id: string
  anchor: CommentAnchor
  createdBy: string
  createdAt: string
  resolved: boolean
  resolvedBy: string | null
  resolvedAt: string | null
  /** The first one opened the thread; the others are replies, oldest first. */
  comments: CommentRecord[]
}

export interface CommentFile {
  version: typeof COMMENT_FILE_VERSION
  threads: ThreadRecord[]
  /** Per user, the ids of comments mentioning them that they have read. */
  reads: Record<string, string[]>
  /**
   * Counts the changes of this record (absent in files written before it: 0).
   * Views carry it (ThreadView.rev) so a client can tell the newer of two.
   */
  rev?: number
}

export interface CommentStore {
  /** The threads of a report (after every change queued before this call). */
  read(reportId: string): Promise<CommentFile>
  /**
   * Runs `change` on the report's current threads and stores the result
   * durably before resolving, with `rev` counted up; changes of one report
   * never interleave, whichever process makes them. If `change` throws,
   * nothing is written and the error is rethrown as it is.
   */
  mutate<T>(reportId: string, change: (file: CommentFile) => T): Promise<T>
  /** Threads not resolved yet, for the pre-publish check. */
  openThreads(reportId: string): Promise<{ id: string; blockId: string }[]>
  /** Waits for every write started so far (shutdown, tests). */
  idle(): Promise<void>
}

export const emptyCommentFile = (): CommentFile => ({ version: COMMENT_FILE_VERSION, threads: [], reads: {} })

/** Whether stored data has the shape of a CommentFile (anything else is reported, never overwritten). */
export function isCommentFile(data: unknown): data is CommentFile {
  const candidate = data as Partial<CommentFile> | null
  return (
    !!candidate &&
    typeof candidate === 'object' &&
    candidate.version === COMMENT_FILE_VERSION &&
    Array.isArray(candidate.threads) &&
    typeof candidate.reads === 'object' &&
    candidate.reads !== null &&
    (candidate.rev === undefined || Number.isSafeInteger(candidate.rev))
  )
}

/** The open threads of a record (same answer in every backend). */
export const openThreadsOf = (file: CommentFile): { id: string; blockId: string }[] =>
  file.threads.filter((t) => !t.resolved).map((t) => ({ id: t.id, blockId: t.anchor.blockId }))
