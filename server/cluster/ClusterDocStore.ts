/**
 * The DocStore of cluster mode: each report's updates go to its Redis
 * stream through the append script (which refuses writes to a locked or
 * unknown report inside Redis, for every process at once); its compacted
 * state lives in PostgreSQL (DocumentRows). Opening a report = the row's
 * state + the stream after the id it covers; from then on the process's
 * StreamReader hands it what other processes append.
 *
 * An append resolves once Redis answered it, which with appendfsync always
 * means it is in Redis's fsynced append-only file (checked at boot): that is
 * when the writer is told 已保存. Appends of one tick, and those made while
 * the previous batch is in flight, go as one entry; one batch is in flight at
 * a time, so acknowledgements follow stream order.
 */
import { randomBytes } from 'node:crypto'
import * as Y from 'yjs'
import type { Redis } from 'ioredis'
import { ReportLockedError, StorageLoadError, type DocHandle, type DocStore, type RemoteListener } from '../storage/DocStore'
import { StorageWriteError } from '../storage/storageErrors'
import type { ClusterKeys } from './clusterKeys'
import type { ClusterScripts } from './redisScripts'
import type { Compactor } from './Compactor'
import { DocumentRows, SnapshotRefusedError } from './DocumentRows'
import type { LockMirror } from './LockMirror'
import { parseEntry, type StreamEntry, type StreamReader, type StreamWatcher } from './StreamReader'
import { compareStreamIds, formatStreamId, parseStreamId } from './streamId'


export interface ClusterDocStoreOptions {
  processId: string
  /** Ask for a compaction once a stream holds this many entries. */
  compactEntries: number
  /** Called while a report is opened, before its room exists (the background-work lease is tried then). */
  beforeOpen?(reportId: string): Promise<void>
}


/** A report whose stream has not grown for this long is folded into PostgreSQL (by the process that appended last). */
const IDLE_COMPACT_MS = 1000

/** Attempts of a compaction that found the lease taken, IDLE_COMPACT_MS apart. */
const BUSY_RETRIES = 30

/** How long a publish waits for this process's room to read up to its lock entry before giving up (Redis not answering). */
const CATCH_UP_TIMEOUT_MS = 10_000

export class ClusterDocStore implements DocStore {
  private handles = 0
  /** The open handle of each report in this process. */
  private readonly open_ = new Map<string, ClusterDocHandle>()
  private readonly idleTimers = new Map<string, NodeJS.Timeout>()

  constructor(
    private readonly redis: Redis,
    private readonly scripts: ClusterScripts,
    private readonly keys: ClusterKeys,
    readonly rows: DocumentRows,
    private readonly reader: StreamReader,
    readonly compactor: Compactor,
    readonly locks: LockMirror,
    private readonly options: ClusterDocStoreOptions,
  ) {}

  async create(reportId: string, initialState: Uint8Array): Promise<void> {
    try {
      await this.rows.create(reportId, initialState)
    } catch (err) {
      if ((err as { code?: string }).code === '23505') throw Object.assign(new Error(`report ${reportId} exists`), { code: 'EEXIST' })
      throw new StorageWriteError(`The report was not created (${(err as Error).message}).`, { cause: err })
    }
  }

  async open(reportId: string): Promise<ClusterDocHandle> {
    let row
    let items: [Buffer, Buffer[]][]
    try {
      row = await this.rows.read(reportId)
      if (!row) throw new StorageLoadError(`report ${reportId} has no document in PostgreSQL`)
      this.locks.observe(reportId, row.status, row.ver)
      items = await this.redis.xrangeBuffer(this.keys.stream(reportId), `(${formatStreamId(row.covered)}`, '+')
    } catch (err) {
      if (err instanceof StorageLoadError) throw err
      throw new StorageLoadError(`report ${reportId} cannot be read: ${(err as Error).message}`)
    }
    const updates: Uint8Array[] = [row.state]
    let lastId = formatStreamId(row.covered)
    for (const [idBuf, raw] of items) {
      const entry = parseEntry(idBuf.toString(), raw)
      if (entry?.kind === 'update') updates.push(entry.update)
      else if (entry?.kind === 'control') this.locks.observe(reportId, entry.status, entry.ver)
      lastId = idBuf.toString()
    }
    const state = updates.length === 1 ? row.state : Y.mergeUpdates(updates)
    await this.options.beforeOpen?.(reportId)
    const origin = `${this.options.processId}/${++this.handles}/${randomBytes(3).toString('hex')}`
    const handle = new ClusterDocHandle(reportId, state, lastId, origin, this)
    this.open_.set(reportId, handle)
    this.reader.watch(reportId, handle)
    return handle
  }

  /**
   * Resolves once this process's open room of the report has read its stream
   * up to `id` (at once when no room is open: a room opened later reads the
   * stream to its end). Rejects if that takes longer than CATCH_UP_TIMEOUT_MS.
   */
  async caughtUp(reportId: string, id: string): Promise<void> {
    const handle = this.open_.get(reportId)
    if (!handle || !id) return
    let timer: NodeJS.Timeout | undefined
    try {
      await Promise.race([
        handle.passed(id),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new StorageWriteError('This process could not read the report\'s latest changes from Redis in time.')), CATCH_UP_TIMEOUT_MS)
        }),
      ])
    } finally {
      clearTimeout(timer)
    }
  }

  /** @internal used by the handle */
  async appendBatch(reportId: string, update: Uint8Array, origin: string, writer: string): Promise<void> {
    const meta = this.keys.meta(reportId)
    const stream = this.keys.stream(reportId)
    for (let attempt = 0; ; attempt++) {
      let reply: Awaited<ReturnType<ClusterScripts['append']>>
      try {
        reply = await this.scripts.append(meta, stream, Buffer.from(update.buffer, update.byteOffset, update.byteLength), origin, this.options.processId, writer)
      } catch (err) {
        throw new StorageWriteError(`Redis did not take the change (${(err as Error).message}).`, { cause: err })
      }
      if (reply === 'LOCKED') throw new ReportLockedError(`report ${reportId} is locked`)
      if (reply === 'NOMETA') {
        if (attempt > 0) throw new StorageWriteError(`Redis has no lock state for report ${reportId}.`)
        try {
          await this.locks.load(reportId)
        } catch (err) {
          throw new StorageWriteError(`The lock state of report ${reportId} cannot be read (${(err as Error).message}).`, { cause: err })
        }
        continue
      }
      if (reply[1] >= this.options.compactEntries) this.compactSoon(reportId, 0)
      else this.compactSoon(reportId, IDLE_COMPACT_MS)
      return
    }
  }

  /** Reloads after missed entries, for tests. */
  resyncs = 0

  /** The report as stored now: PostgreSQL's state and the stream after it, merged. */
  async storedState(reportId: string): Promise<Uint8Array> {
    const row = await this.rows.read(reportId)
    if (!row) throw new StorageLoadError(`report ${reportId} has no document in PostgreSQL`)
    const items = await this.redis.xrangeBuffer(this.keys.stream(reportId), `(${formatStreamId(row.covered)}`, '+')
    const updates = [row.state]
    for (const [idBuf, raw] of items) {
      const entry = parseEntry(idBuf.toString(), raw)
      if (entry?.kind === 'update') updates.push(entry.update)
    }
    return updates.length === 1 ? row.state : Y.mergeUpdates(updates)
  }

  /**
   * Folds the report's stream into PostgreSQL after `delayMs` without
   * further appends from this process (at once when the stream is long): a
   * pause in the editing leaves PostgreSQL current and Redis small.
   */
  private compactSoon(reportId: string, delayMs: number, busyRetries = BUSY_RETRIES): void {
    const pending = this.idleTimers.get(reportId)
    if (pending) clearTimeout(pending)
    const run = () => {
      this.idleTimers.delete(reportId)
      this.compactor.compact(reportId).then(
        // Another process holds the lease: it may have read the stream before the latest entries; try again
        // (unless an append has asked for a compaction meanwhile).
        (result) => {
          if (result === 'busy' && busyRetries > 0 && !this.idleTimers.has(reportId)) this.compactSoon(reportId, IDLE_COMPACT_MS, busyRetries - 1)
        },
        (err: unknown) => console.error(`[cluster] compaction of ${reportId} failed:`, err),
      )
    }
    if (delayMs === 0) return run()
    const timer = setTimeout(run, delayMs)
    timer.unref()
    this.idleTimers.set(reportId, timer)
  }

  /** @internal the handle's end */
  detach(reportId: string, handle: ClusterDocHandle): void {
    this.reader.unwatch(reportId, handle)
    if (this.open_.get(reportId) !== handle) return
    this.open_.delete(reportId)
    this.locks.forget(reportId)
  }

  /** Reports open in this process (for the presence and lease sweeps). */
  openReports(): string[] {
    return [...this.open_.keys()]
  }
}

export class ClusterDocHandle implements DocHandle, StreamWatcher {
  readonly logBytes = 0
  private listener: RemoteListener | null = null
  /** Updates of this tick, sent together. */
  private batch: { updates: Uint8Array[]; done: Promise<void>; resolve(): void; reject(err: unknown): void } | null = null
  private inFlight: Promise<void> = Promise.resolve()
  private closed = false
  /** A state saved to PostgreSQL while Redis was away, not yet in the stream. */
  private unannounced: Uint8Array | null = null
  private announceTimer: NodeJS.Timeout | null = null
  /** Waiters for the reader to pass a stream id (a publish waits for every update before its control entry). */
  private readonly passWaiters: { id: string; resolve(): void }[] = []

  constructor(
    readonly reportId: string,
    readonly state: Uint8Array,
    public lastId: string,
    private readonly origin: string,
    private readonly store: ClusterDocStore,
  ) {}

  listen(listener: RemoteListener): void {
    this.listener = listener
  }

  append(update: Uint8Array): Promise<void> {
    if (this.closed) return Promise.reject(new StorageWriteError('the report was closed'))
    if (!this.batch) {
      let resolve!: () => void
      let reject!: (err: unknown) => void
      const done = new Promise<void>((res, rej) => {
        resolve = res
        reject = rej
      })
      const batch = (this.batch = { updates: [], done, resolve, reject })
      // One batch in flight at a time: acknowledgements must follow the stream's order. The batch leaves
      // once the work of this tick is done (a microtask): what arrives while one is in flight waits and
      // goes as the next entry, so a busy report costs one append per round trip, not one per update.
      this.inFlight = this.inFlight.then(() => this.send(batch))
    }
    this.batch.updates.push(update)
    return this.batch.done
  }

  private async send(batch: NonNullable<ClusterDocHandle['batch']>): Promise<void> {
    if (this.batch === batch) this.batch = null
    try {
      const update = batch.updates.length === 1 ? batch.updates[0]! : Y.mergeUpdates(batch.updates)
      await this.store.appendBatch(this.reportId, update, this.origin, '')
      batch.resolve()
    } catch (err) {
      batch.reject(err)
    }
  }

  onEntries(entries: StreamEntry[], before: string): void {
    const read = parseStreamId(before)
    const first = entries[0] ? parseStreamId(entries[0].id) : read
    entries.forEach((entry, index) => {
      if (entry.kind === 'trim') {
        // Entries older than the bound were trimmed: if some of them came after what this room had read
        // (`before`; not the entry just ahead of the mark in this batch: a read that follows the trim gets
        // the entries after the gap, then the mark), it missed them. XTRIM takes every entry below the
        // bound at once, so a batch that still holds one ahead of the mark was read before the trim.
        const bound = parseStreamId(entry.bound)
        const readBeforeTrim = index > 0 && compareStreamIds(first, bound) < 0
        if (compareStreamIds(bound, { ms: read.ms, seq: read.seq + 1 }) > 0 && !readBeforeTrim) this.resync()
      } else if (entry.kind === 'control') {
        this.store.locks.observe(this.reportId, entry.status, entry.ver)
      } else if (entry.origin !== this.origin) {
        this.listener?.update(entry.update)
      }
    })
    const at = parseStreamId(this.lastId)
    for (let i = this.passWaiters.length - 1; i >= 0; i--) {
      const w = this.passWaiters[i]!
      if (compareStreamIds(at, parseStreamId(w.id)) >= 0) {
        this.passWaiters.splice(i, 1)
        w.resolve()
      }
    }
  }

  /**
   * The room missed stream entries (they were trimmed before it read them:
   * this process was paused past the grace period): it gets the report as
   * stored again, PostgreSQL's state and the stream after it. Yjs applies
   * only what the room lacks, and sends only that to its clients.
   */
  resync(): void {
    this.store.resyncs++
    console.warn(`[cluster] report ${this.reportId}: stream entries were trimmed before this process read them; reloading it`)
    void this.store.storedState(this.reportId).then(
      (state) => this.listener?.update(state),
      (err: unknown) => console.error(`[cluster] report ${this.reportId}: reload failed:`, err),
    )
  }

  /** Resolves once this room has read the stream up to `id` (it then has every update before it). */
  passed(id: string): Promise<void> {
    if (!id || compareStreamIds(parseStreamId(this.lastId), parseStreamId(id)) >= 0) return Promise.resolve()
    return new Promise((resolve) => this.passWaiters.push({ id, resolve }))
  }

  /**
   * Saves the room's whole state into PostgreSQL (merged, never replacing):
   * the way back after appends failed (Redis away), refused for a report that
   * is not a draft. Then folds the stream in if Redis answers.
   */
  async compact(state: Uint8Array): Promise<void> {
    try {
      await this.store.rows.merge(this.reportId, state, { requireDraft: true })
    } catch (err) {
      if (err instanceof SnapshotRefusedError) return
      throw new StorageWriteError(`PostgreSQL did not take the report (${(err as Error).message}).`, { cause: err })
    }
    // The other processes' rooms learn it through the stream (they do not read PostgreSQL again): the
    // changes saved here while Redis was away reach them once it is back.
    this.unannounced = state
    await this.announce()
  }

  /** Appends the state last saved to PostgreSQL alone to the stream; retried every second until Redis takes it. */
  private async announce(): Promise<void> {
    const state = this.unannounced
    if (!state || this.closed) return
    try {
      await this.store.appendBatch(this.reportId, state, this.origin, '')
      if (this.unannounced === state) this.unannounced = null
      if (this.announceTimer) clearTimeout(this.announceTimer)
      this.announceTimer = null
    } catch (err) {
      if (err instanceof ReportLockedError) {
        this.unannounced = null
        return
      }
      this.announceTimer ??= setTimeout(() => {
        this.announceTimer = null
        void this.announce()
      }, 1000)
      this.announceTimer.unref()
    }
  }

  async idle(): Promise<void> {
    await this.inFlight
  }

  async close(): Promise<void> {
    await this.idle()
    await this.announce()
    this.closed = true
    if (this.announceTimer) clearTimeout(this.announceTimer)
    this.store.detach(this.reportId, this)
    for (const w of this.passWaiters.splice(0)) w.resolve()
    // Leaving the report: fold its stream into PostgreSQL (any process may do it later if this fails).
    await this.store.compactor.compact(this.reportId).catch((err: unknown) => console.error(`[cluster] compaction of ${this.reportId} at close failed:`, err))
  }
}
