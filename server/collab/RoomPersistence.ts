import * as Y from 'yjs'
import type { DocHandle } from '../storage/DocStore'

export interface RoomPersistenceOptions {
  /** Compact the log into a snapshot once it is larger than this. */
  compactLogBytes: number
  /** Wait between attempts to recover from a failed write. */
  retryMs: number
  onDurable(seq: number): void
  onFailed(err: unknown): void
}

/**
 * Saves a room's changes in order and tells the room how far they are on disk.
 *
 * Every change gets a sequence number; `durableSeq` is the highest number
 * whose change (and all before it) is fsynced. After a failed write the log
 * may miss a change, so appending stops and a full snapshot is retried until
 * it succeeds; that snapshot covers every change made until then.
 */
export class RoomPersistence {
  private lastSeq = 0
  durableSeq = 0
  failed = false
  private compaction: Promise<void> | null = null
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
    if (this.failed) return // the recovery snapshot will hold it
    this.handle.append(update).then(
      () => {
        this.advance(seq)
        if (this.handle.logBytes > this.options.compactLogBytes) void this.compact().catch(() => {})
      },
      (err: unknown) => this.fail(err),
    )
  }

  /** Writes a snapshot of the whole document; afterwards every change so far is durable. */
  compact(): Promise<void> {
    this.compaction ??= (async () => {
      try {
        const seq = this.lastSeq
        await this.handle.compact(Y.encodeStateAsUpdate(this.doc))
        this.failed = false
        this.advance(seq)
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

  /** Resolves when nothing is in flight. Rejects while changes cannot be saved. */
  async flush(): Promise<void> {
    await this.handle.idle()
    await this.compaction
    if (this.failed) await this.compact()
  }

  /** Flushes, folds the log into a snapshot so the next load is one read, and closes. */
  async close(): Promise<void> {
    await this.flush()
    if (this.handle.logBytes > 0) await this.compact()
    if (this.retryTimer) clearTimeout(this.retryTimer)
    await this.handle.close()
  }
}
