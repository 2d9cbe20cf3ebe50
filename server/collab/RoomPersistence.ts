import * as Y from 'yjs'
import { ReportLockedError, type DocHandle } from '../storage/DocStore'
import { storageWriteError } from '../storage/storageErrors'

export interface RoomPersistenceOptions {
  /** Compact the log into a snapshot once it is larger than this. */
  compactLogBytes: number
  /** Wait between attempts to recover from a failed write. */
  retryMs: number
  onDurable(seq: number): void
  /** A write failed: from now on changes are kept in memory only, until a snapshot succeeds. */
  onFailed(err: unknown): void
  /** A change arrived while writing is failing (it waits for the recovery snapshot); its writer must be told. */
  onUnsaved?(): void
  /**
   * A shared store refused a change: the report was locked by another
   * process before this one knew. The room holds a change nobody else has and
   * must be dropped (its clients reconnect and are told `locked`); nothing
   * more is written from it.
   */
  onLocked?(): void
}

/**
 * Saves a room's changes in order and tells the room how far they are on disk.
 *
 * Every change gets a sequence number; `durableSeq` is the highest number
 * whose change (and all before it) is fsynced. After a failed write the log
 * may miss a change, so appending stops and a full snapshot is retried until
 * it succeeds; that snapshot covers every change made until it was encoded.
 * A change after that point which is in no file (made while the snapshot was
 * written, or in a batch that failed after the snapshot was encoded) gets
 * another snapshot before appending resumes: a later append must never be
 * acknowledged over a hole.
 */
export class RoomPersistence {
  private lastSeq = 0
  durableSeq = 0
  failed = false
  /** A shared store refused a change (ReportLockedError): this room's state is not the report's any more. */
  refused = false
  /**
   * The highest sequence number whose change is in no file: its append failed,
   * or it was skipped while writes were failing. A snapshot encoded before it
   * does not end the failure.
   */
  private unsavedSeq = 0
  private compaction: Promise<void> | null = null
  /** The group commit the latest change joined, and the last change in it. */
  private batch: { written: Promise<void>; lastSeq: number } | null = null
  private retryTimer: NodeJS.Timeout | null = null

  constructor(
    private readonly handle: DocHandle,
    private readonly doc: Y.Doc,
    private readonly options: RoomPersistenceOptions,
  ) {}

  /** Sequence number of the latest change handed to persist(). */
  get currentSeq(): number {
    return this.lastSeq
  }

  /** True while a change is not yet durable. */
  get pending(): boolean {
    return this.durableSeq < this.lastSeq
  }

  persist(update: Uint8Array): void {
    const seq = ++this.lastSeq
    if (this.refused) return
    if (this.failed) {
      // The recovery snapshot will hold it. The writer is told after the
      // room has recorded the write it is waiting for (same tick).
      this.unsavedSeq = seq
      if (this.options.onUnsaved) queueMicrotask(this.options.onUnsaved)
      return
    }
    const written = this.handle.append(update)
    // Appends of one group commit share one promise: the batch is followed
    // once, up to its last change, not once per change (which would run
    // onDurable, and walk every connection, once per keystroke).
    if (this.batch?.written === written) {
      this.batch.lastSeq = seq
      return
    }
    const batch = (this.batch = { written, lastSeq: seq })
    written.then(
      () => {
        this.advance(batch.lastSeq)
        if (this.handle.logBytes > this.options.compactLogBytes) void this.compact().catch(() => {})
      },
      (err: unknown) => {
        if (err instanceof ReportLockedError) {
          if (!this.refused) {
            this.refused = true
            this.options.onLocked?.()
          }
          return
        }
        this.unsavedSeq = Math.max(this.unsavedSeq, batch.lastSeq)
        this.fail(err)
      },
    )
  }

  /** Writes a snapshot of the whole document; afterwards every change so far is durable. */
  compact(): Promise<void> {
    this.compaction ??= (async () => {
      try {
        for (;;) {
          const seq = this.lastSeq
          await this.handle.compact(Y.encodeStateAsUpdate(this.doc))
          this.advance(seq)
          // A change after `seq` in no file (skipped while this snapshot was
          // written, or in a batch that failed after it was encoded):
          // appending the next ones would leave a hole, so snapshot again.
          if (this.unsavedSeq > seq) continue
          this.failed = false
          if (this.retryTimer) clearTimeout(this.retryTimer)
          this.retryTimer = null
          return
        }
      } finally {
        this.compaction = null
      }
    })()
    return this.compaction
  }

  private advance(seq: number): void {
    if (seq <= this.durableSeq) return
    this.durableSeq = seq
    this.options.onDurable(seq)
  }

  private fail(err: unknown): void {
    if (this.failed) return
    this.failed = true
    this.options.onFailed(err)
    this.scheduleRecovery()
  }

  private scheduleRecovery(): void {
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null
      this.compact().catch(() => this.scheduleRecovery())
    }, this.options.retryMs)
    this.retryTimer.unref()
  }

  /** Resolves when nothing is in flight. Rejects (StorageFullError, StorageWriteError) while changes cannot be saved. */
  async flush(): Promise<void> {
    try {
      await this.handle.idle()
      await this.compaction
      if (this.failed) await this.compact()
    } catch (err) {
      throw storageWriteError(err, 'The change is kept and saved once the server can write again.')
    }
  }

  /** Flushes, folds the log into a snapshot so the next load is one read, and closes. */
  async close(): Promise<void> {
    if (this.refused) {
      // Nothing of this room's own state may be saved: it holds a refused change.
      await this.handle.idle().catch(() => undefined)
      await this.handle.close()
      return
    }
    await this.flush()
    if (this.handle.logBytes > 0) await this.compact()
    if (this.retryTimer) clearTimeout(this.retryTimer)
    await this.handle.close()
  }
}
