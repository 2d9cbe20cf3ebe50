/**
 * Autosaved snapshots of report drafts: the store every backend implements,
 * and the rules they share. Ids sort by time, so the history is in id
 * order. Each report keeps at most `keep` snapshots: the oldest automatic
 * ones go first, the states saved before a restore last, since those are
 * the ones a person deliberately moved away from. A write may be skipped
 * when the body equals the latest snapshot's (by canonical content hash).
 * Two implementations: FileSnapshotStore (one JSON file per snapshot, the
 * embedded default) and PgSnapshotStore (one row per snapshot, cluster
 * mode); snapshotStoreContract.ts is the behaviour both pass.
 */
import { randomBytes } from 'node:crypto'
import type { JSONContent } from '@tiptap/core'
import { SNAPSHOT_ID_PATTERN } from '@schema/api/ids'
import { CURRENT_SCHEMA_VERSION, migrateContent, schemaVersionOf } from '@schema/document/migrateDocument'
import { canonicalJson, sha256Hex } from '../versions/canonicalJson'
import type { Snapshot, SnapshotReason, SnapshotSummary } from './Snapshot'

export type { Snapshot, SnapshotReason, SnapshotSummary } from './Snapshot'

export interface NewSnapshot {
  reportId: string
  reason: SnapshotReason
  content: JSONContent
  /** Document schema version of `content` (the Y.Doc's; today's when absent). */
  schemaVersion?: number
  authors: string[]
  /** When the body was captured (default: now). */
  at?: Date
  /**
   * Store nothing when the body equals the latest snapshot's: edits that
   * were undone leave no duplicate entry in the history.
   */
  skipIfUnchanged?: boolean
}

export interface SnapshotStore {
  /**
   * Stores a snapshot durably; resolves with it, or with null when
   * `skipIfUnchanged` found the body equal to the latest snapshot's. Throws
   * at once for a malformed report id. Started synchronously, so `idle()`
   * covers a write started before it.
   */
  write(input: NewSnapshot): Promise<Snapshot | null>
  /** The report's snapshots, newest first (after every write started before the call). */
  list(reportId: string): Promise<SnapshotSummary[]>
  /**
   * One snapshot, or undefined when the id is malformed or unknown. Its
   * content is migrated to today's schema version (the stored one stays as
   * it is; `sha256` is the stored content's); SchemaVersionError for a
   * snapshot from a newer server.
   */
  get(reportId: string, id: string): Promise<Snapshot | undefined>
  /** Resolves once every write started so far has settled (shutdown). */
  idle(): Promise<void>
}

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567'

export const isSnapshotId = (id: string): boolean => SNAPSHOT_ID_PATTERN.test(id)

/** The hash snapshots are compared by: equal bodies give equal hashes whatever their key order. */
export const contentHash = (content: JSONContent): string => sha256Hex(canonicalJson(content))

/** The listing entry of a snapshot. */
export const summaryOf = (s: Snapshot): SnapshotSummary => ({ id: s.id, at: s.at, reason: s.reason, authors: s.authors, sha256: s.sha256 })

/** Epoch milliseconds of a snapshot id. */
export const snapshotIdTime = (id: string): number => Number(id.slice(1, 14))

/**
 * A new snapshot id for a body captured at `at` (ms), after `previousMs`:
 * `s` + 13-digit epoch milliseconds + 4 random characters, the time moved
 * past `previousMs` so ids stay in order even within one millisecond.
 */
export function newSnapshotId(at: number, previousMs: number): { id: string; ms: number } {
  const ms = Math.max(at, previousMs + 1)
  let suffix = ''
  for (const b of randomBytes(4)) suffix += BASE32[b & 31]
  return { id: `s${String(ms).padStart(13, '0')}${suffix}`, ms }
}

/** The snapshot to store for `input`, with its id; authors deduplicated and sorted. */
export function snapshotOf(input: NewSnapshot, id: string, at: Date, sha256: string): Snapshot {
  return {
    id,
    reportId: input.reportId,
    at: at.toISOString(),
    reason: input.reason,
    content: input.content,
    schemaVersion: input.schemaVersion ?? CURRENT_SCHEMA_VERSION,
    authors: [...new Set(input.authors)].sort((a, b) => a.localeCompare(b)),
    sha256,
  }
}

/**
 * The snapshots to delete so that `list` (newest first) keeps `keep`: the
 * oldest automatic ones first; when only pre-restore states are over the
 * limit, the oldest of those. Removes them from `list` and answers them.
 */
export function pruneOver(list: SnapshotSummary[], keep: number): SnapshotSummary[] {
  const gone: SnapshotSummary[] = []
  while (list.length > keep) {
    let victim = -1
    for (let i = list.length - 1; i > 0; i--) {
      if (list[i]!.reason !== 'before_restore') {
        victim = i
        break
      }
    }
    if (victim < 0) victim = list.length - 1
    gone.push(...list.splice(victim, 1))
  }
  return gone
}

/** A stored snapshot as today's code reads it: content migrated to today's schema version. */
export function migratedSnapshot(stored: Snapshot): Snapshot {
  const version = schemaVersionOf(stored.schemaVersion)
  const { content } = migrateContent(stored.content, version, `snapshot ${stored.reportId}/${stored.id}`)
  return { ...stored, content, schemaVersion: CURRENT_SCHEMA_VERSION }
}
