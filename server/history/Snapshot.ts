import type { JSONContent } from '@tiptap/core'
import type { z } from 'zod'
import type { snapshotReasonSchema } from '@schema/api/historyApi'

/** Why a snapshot of a draft was taken (schema/api/historyApi.ts). */
export type SnapshotReason = z.infer<typeof snapshotReasonSchema>

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
