/**
 * Changes of the metadata made in memory whose write has not succeeded yet
 * (FileMetaStore, PgMetaStore), oldest first. A write carries every change
 * made so far, so changes made while one is written share the next. When a
 * write fails, or changes of other processes are read, the store rebuilds
 * the data from what is stored and the changes still waiting are applied to
 * it again (reapply).
 */
import type { MetaData } from './MetaStore'

export interface PendingChange {
  change: (data: MetaData) => void
  /** Set when a rollback or a reload could not apply the change again: it is refused with this. */
  error?: unknown
}

export class PendingChanges {
  private list: PendingChange[] = []

  get size(): number {
    return this.list.length
  }

  /** Records `change`, already applied to the data in memory. */
  add(change: (data: MetaData) => void): PendingChange {
    const entry: PendingChange = { change }
    this.list.push(entry)
    return entry
  }

  /**
   * In the store's write queue: `write` stores every change waiting (unless
   * an earlier write carried `entry` already); they are done once it returns.
   * Throws the refusal of an entry that could not be applied again.
   */
  async writeCarrying(entry: PendingChange, write: () => Promise<void>): Promise<void> {
    if (entry.error) throw entry.error
    if (!this.list.includes(entry)) return // an earlier write carried it
    const carried = [...this.list]
    await write()
    this.list = this.list.filter((p) => !carried.includes(p))
  }

  /**
   * Applies the changes waiting to `data` in order, leaving out `failed`; a
   * change that no longer applies (it depended on what was taken back) is
   * dropped and will be refused with `answer`.
   */
  reapply(data: MetaData, failed: PendingChange | null, answer: unknown): void {
    const kept: PendingChange[] = []
    for (const p of this.list) {
      if (p === failed) continue
      try {
        p.change(data)
        kept.push(p)
      } catch {
        p.error = answer
      }
    }
    this.list = kept
  }
}
