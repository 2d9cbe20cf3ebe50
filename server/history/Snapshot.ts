import type { JSONContent } from '@tiptap/core'

/**
 * Why a snapshot of a draft was taken: `auto` every few minutes while people
 * edit, `close` when the last editor left with changes not yet snapshotted,
 * `before_restore` the body just before an older snapshot replaced it.
 */
export type SnapshotReason = 'auto' | 'close' | 'before_restore'

/** One autosaved state of a report's draft, as stored (`<DATA_DIR>/snapshots/<reportId>/<id>.json`). */
export interface Snapshot {
  /** Sortable by time: `s` + 13-digit epoch milliseconds + 4 random characters. */
  id: string
  reportId: string
  /** ISO time the body was captured. */
  at: string
  reason: SnapshotReason
  /** ProseMirror JSON of the body. */
  content: JSONContent
  /**
   * Document schema version of `content` (schema/document/migrateDocument.ts);
   * absent in files from before versions were recorded (v1). Read through
   * SnapshotStore.get, a snapshot is migrated to today's version.
   */
  schemaVersion?: number
  /** Display names of the people who changed the body since the previous snapshot. */
  authors: string[]
  /** sha256 (hex) of the canonical JSON of `content`: equal bodies, equal hashes. */
  sha256: string
}

/** A snapshot in the history list (everything but the body). */
export type SnapshotSummary = Omit<Snapshot, 'content' | 'reportId'>
