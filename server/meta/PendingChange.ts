/**
 * A change of the metadata made in memory whose write has not succeeded yet
 * (FileMetaStore, PgMetaStore). When a write fails, or changes of other
 * processes are read, the data is rebuilt from what is stored and the
 * changes still waiting are applied to it again: reapplyPending.
 */
import type { MetaData } from './MetaStore'

export interface PendingChange {
  change: (data: MetaData) => void
  /** Set when a rollback or a reload could not apply the change again: it is refused with this. */
  error?: unknown
}

/**
 * Applies `pending` to `data` in order, leaving out `failed`; a change that
 * no longer applies (it depended on what was taken back) is dropped and will
 * be refused with `answer`. Answers the changes kept.
 */
export function reapplyPending(data: MetaData, pending: readonly PendingChange[], failed: PendingChange | null, answer: unknown): PendingChange[] {
  const kept: PendingChange[] = []
  for (const p of pending) {
    if (p === failed) continue
    try {
      p.change(data)
      kept.push(p)
    } catch {
      p.error = answer
    }
  }
  return kept
}
