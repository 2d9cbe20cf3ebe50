/**
 * The embedded DocStore: one folder per report under `<dataDir>/reports/<id>/`:
 *
 *   snap-<g>.bin   one record: the full Y.Doc state at compaction g
 *   log-<g>.bin    records: every update appended since snapshot g
 *
 * Loading takes the newest snapshot and every log of that generation or
 * newer. Compaction g → g+1 writes `snap-<g+1>.tmp`, fsyncs it, renames it,
 * fsyncs the folder, switches appends to `log-<g+1>.bin`, and only then
 * deletes generation g. A crash at any point leaves either the old snapshot
 * with its logs or the new one, never neither.
 *
 * A log whose last record is torn (a crash mid-write) loads without it; the
 * torn bytes are copied to `log-<g>.bin.torn-<time>` before the log is cut
 * back, so nothing is thrown away. Damage anywhere else is a StorageLoadError
 * and leaves every file as it was.
 */
import { constants as fsConstants, promises as fsp } from 'node:fs'
import path from 'node:path'
import * as Y from 'yjs'
import { CommitWindow } from './CommitWindow'
import { boundUpdateValues } from './boundUpdateValues'
import { decodeRecords, encodeRecord, hasRecordAfter } from './recordCodec'
import { type DocHandle, type DocStore, StorageLoadError } from './DocStore'
import { storageFault } from './faultInjection'
import { SerialQueue } from './SerialQueue'
import { storageWriteError } from './storageErrors'
import { fsyncDir, writeAll, writeFileAtomic } from './writeFileAtomic'

const SNAP = /^snap-(\d+)\.bin$/
const LOG = /^log-(\d+)\.bin$/
const TMP = /\.tmp$/

/** Appends only, created if missing, and every write durable before it returns (see flushBatch). */
const LOG_FLAGS = fsConstants.O_WRONLY | fsConstants.O_APPEND | fsConstants.O_CREAT | fsConstants.O_DSYNC

/** MAX_NESTING_DEPTH's default (collab/updateShape.ts DEFAULT_UPDATE_LIMITS). */
const DEFAULT_MAX_VALUE_DEPTH = 100

const snapName = (gen: number) => `snap-${gen}.bin`
const logName = (gen: number) => `log-${gen}.bin`


export interface FileDocStoreOptions {
  /**
   * Group-commit window: appends arriving within this many milliseconds of
   * the first share one write and one fsync per report, and the window is
   * shared by every report of the store (CommitWindow.ts). Acknowledgements
   * still wait for the fsync, and clients keep (and re-send) anything not
   * acknowledged, so a longer window trades "Saved" latency for far fewer
   * disk writes.
   */
  commitWindowMs: number
  /**
   * Values nesting this many containers or more are replaced on load by a
   * description (boundUpdateValues.ts), the file holding them copied aside
   * first. MAX_NESTING_DEPTH; default 100.
   */
  maxValueDepth?: number
}

export class FileDocStore implements DocStore {
  private readonly root: string
  private readonly commitWindow: CommitWindow

  constructor(
    dataDir: string,
    private readonly options: FileDocStoreOptions = { commitWindowMs: 0 },
  ) {
    this.root = path.join(dataDir, 'reports')
    this.commitWindow = new CommitWindow(options.commitWindowMs)
  }

  /** Callers validate `reportId` (schema/reportId.ts); this is a second fence. */
  private dirOf(reportId: string): string {
    const dir = path.join(this.root, reportId)
    if (path.dirname(dir) !== this.root) throw new Error(`invalid report id for storage: ${reportId}`)
    return dir
  }

  async create(reportId: string, initialState: Uint8Array): Promise<void> {
    const dir = this.dirOf(reportId)
    try {
      await fsp.mkdir(this.root, { recursive: true })
      await fsp.mkdir(dir) // throws EEXIST: never overwrite a report
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw err
      throw storageWriteError(err, 'The report was not created.')
    }
    try {
      await fsyncDir(this.root)
      await writeFileAtomic(path.join(dir, snapName(1)), encodeRecord(initialState))
    } catch (err) {
      // A folder without a snapshot would be a report that never loads; the
      // id is new and nothing refers to it yet, so take it back.
      await fsp.rm(dir, { recursive: true, force: true }).catch(() => {})
      throw storageWriteError(err, 'The report was not created.')
    }
  }

  async open(reportId: string): Promise<DocHandle> {
    const dir = this.dirOf(reportId)
    let names: string[]
    try {
      names = await fsp.readdir(dir)
    } catch (err) {
      throw new StorageLoadError(`cannot list ${dir}: ${(err as Error).message}`)
    }
    const snaps = gens(names, SNAP)
    const logs = gens(names, LOG)
    const newestSnap = snaps.at(-1)
    if (newestSnap === undefined) throw new StorageLoadError(`no snapshot in ${dir}`)

    const updates: Uint8Array[] = []
    /** Files holding values too deep to read: copied aside before the load returns. */
    const originals: { copy: string; bytes: Buffer }[] = []
    const readable = (records: Uint8Array[], name: string, bytes: Buffer): Uint8Array[] => {
      const copy = `${name}.original-${bytes.length}`
      const note = `the original bytes are kept on disk in reports/${reportId}/${copy}`
      let changed = false
      const out = records.map((record) => {
        try {
          const bounded = boundUpdateValues(record, this.options.maxValueDepth ?? DEFAULT_MAX_VALUE_DEPTH, note)
          changed ||= bounded.replaced > 0
          return bounded.update
        } catch {
          return record // not an update Yjs reads either: the merge below refuses it
        }
      })
      if (changed) originals.push({ copy: path.join(dir, copy), bytes })
      return out
    }
    const snap = await readOrFail(path.join(dir, snapName(newestSnap)))
    const snapRecords = decodeRecords(snap)
    if (snapRecords.records.length !== 1 || snapRecords.invalidTail !== 0) {
      throw new StorageLoadError(`snapshot ${snapName(newestSnap)} of ${reportId} is damaged`)
    }
    updates.push(...readable(snapRecords.records, snapName(newestSnap), snap))

    const liveLogs = logs.filter((g) => g >= newestSnap)
    const tornTails: { file: string; validLength: number; tail: Uint8Array }[] = []
    let logBytes = 0
    for (const gen of liveLogs) {
      const file = path.join(dir, logName(gen))
      const buf = await readOrFail(file)
      const { records, validLength, invalidTail } = decodeRecords(buf)
      if (invalidTail > 0) {
        // A torn write is the tail of the file. If a valid record follows the
        // bad bytes, this is damage in the middle, not a torn write: refuse.
        if (hasRecordAfter(buf, validLength)) {
          throw new StorageLoadError(`${logName(gen)} of ${reportId} is damaged at byte ${validLength}`)
        }
        tornTails.push({ file, validLength, tail: buf.subarray(validLength) })
      }
      updates.push(...readable(records, logName(gen), buf))
      if (gen === liveLogs.at(-1)) logBytes = validLength
    }

    // Merging reads every record as a Yjs update: bytes that pass their
    // checksum but are no update fail here, before any file is touched.
    let state: Uint8Array
    try {
      state = updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates)
    } catch (err) {
      throw new StorageLoadError(`the stored updates of ${reportId} do not decode: ${(err as Error).message}`)
    }

    // Loading succeeded; only now touch files. Values that had to be
    // replaced keep their original bytes in a copy that compaction never
    // removes (an existing copy of the same file is the same bytes).
    for (const { copy, bytes } of originals) {
      try {
        if (!(await fsp.access(copy).then(() => true, () => false))) await writeFileAtomic(copy, bytes)
      } catch (err) {
        throw new StorageLoadError(`cannot keep the original bytes of ${reportId} in ${copy}: ${(err as Error).message}`)
      }
    }
    // Keep torn bytes aside, cut them off so appends follow valid records,
    // and drop leftovers.
    for (const { file, validLength, tail } of tornTails) {
      try {
        const fault = storageFault(path.basename(file))
        if (fault) throw fault
        await fsp.writeFile(`${file}.torn-${Date.now()}`, tail)
        await fsp.truncate(file, validLength)
      } catch (err) {
        // Appending after torn bytes would make them damage in the middle:
        // no room without the repair. The files are as before (at most a
        // second copy of the torn bytes); the next load repairs it.
        throw new StorageLoadError(`cannot set aside the torn tail of ${file}: ${(err as Error).message}`)
      }
    }
    for (const name of names) {
      if (TMP.test(name)) await fsp.rm(path.join(dir, name), { force: true })
    }
    const gen = Math.max(newestSnap, ...liveLogs)
    return new FileDocHandle(
      dir,
      gen,
      state,
      logBytes,
      [...snaps, ...logs].some((g) => g < newestSnap),
      this.commitWindow,
    )
  }
}

function gens(names: string[], pattern: RegExp): number[] {
  return names
    .map((n) => pattern.exec(n)?.[1])
    .filter((g): g is string => g !== undefined)
    .map(Number)
    .sort((a, b) => a - b)
}

async function readOrFail(file: string): Promise<Buffer> {
  try {
    return await fsp.readFile(file)
  } catch (err) {
    throw new StorageLoadError(`cannot read ${file}: ${(err as Error).message}`)
  }
}

class FileDocHandle implements DocHandle {
  private readonly queue = new SerialQueue()
  private batch: Buffer[] = []
  private batchDone: Promise<void> | null = null
  private fh: fsp.FileHandle | null = null
  /** After a failed write the log may miss an update: only a snapshot may follow. */
  private broken = false
  private closed = false

  constructor(
    private readonly dir: string,
    private gen: number,
    readonly state: Uint8Array,
    public logBytes: number,
    staleGenerations: boolean,
    private readonly commitWindow: CommitWindow,
  ) {
    if (staleGenerations) void this.queue.run(() => this.removeGenerationsBefore(this.gen))
  }

  append(update: Uint8Array): Promise<void> {
    if (this.closed) return Promise.reject(new Error('document store handle is closed'))
    if (this.broken) return Promise.reject(new Error('update log needs a snapshot after a failed write'))
    this.batch.push(encodeRecord(update))
    // Everything appended before the queued flush starts shares one write + fsync.
    this.batchDone ??= this.commitWindow.open
      ? this.commitWindow.next().then(() => this.queue.run(() => this.flushBatch()))
      : this.queue.run(() => this.flushBatch())
    return this.batchDone
  }

  private async flushBatch(): Promise<void> {
    const data = Buffer.concat(this.batch)
    this.batch = []
    this.batchDone = null
    if (this.broken) throw new Error('update log needs a snapshot after a failed write')
    try {
      const fh = await this.logFile()
      const fault = storageFault(logName(this.gen))
      if (fault) {
        // Like a real full disk: part of the batch lands, as a torn tail.
        await writeAll(fh, data.subarray(0, data.length >> 1))
        throw fault
      }
      // The log is opened O_DSYNC: the write returns once the bytes (and the
      // file size) are on disk, as write + fdatasync would, in one trip to
      // the thread pool instead of two.
      await writeAll(fh, data)
      this.logBytes += data.length
    } catch (err) {
      this.broken = true
      await this.closeLog().catch(() => {})
      throw err
    }
  }

  private async logFile(): Promise<fsp.FileHandle> {
    if (this.fh) return this.fh
    const file = path.join(this.dir, logName(this.gen))
    const existed = await fsp.access(file).then(
      () => true,
      () => false,
    )
    this.fh = await fsp.open(file, LOG_FLAGS, 0o600)
    if (!existed) await fsyncDir(this.dir) // the new name must survive a crash too
    return this.fh
  }

  private async closeLog(): Promise<void> {
    const fh = this.fh
    this.fh = null
    await fh?.close()
  }

  compact(state: Uint8Array): Promise<void> {
    if (this.closed) return Promise.reject(new Error('document store handle is closed'))
    return this.queue.run(async () => {
      const next = this.gen + 1
      const file = path.join(this.dir, snapName(next))
      try {
        await writeFileAtomic(file, encodeRecord(state))
      } catch (err) {
        // Renamed, but the folder fsync failed: a load now prefers the new
        // snapshot and skips log g, so an append to log g could be lost.
        // Only a complete snapshot (the retry rewrites this one) may follow.
        if (await fsp.access(file).then(() => true, () => false)) this.broken = true
        throw err
      }
      await this.closeLog()
      this.gen = next
      this.logBytes = 0
      this.broken = false
      await this.removeGenerationsBefore(next)
    })
  }

  private async removeGenerationsBefore(gen: number): Promise<void> {
    for (const name of await fsp.readdir(this.dir)) {
      const g = Number(SNAP.exec(name)?.[1] ?? LOG.exec(name)?.[1] ?? Number.NaN)
      if (g < gen) await fsp.rm(path.join(this.dir, name), { force: true })
    }
  }

  /** Waits for the batch still in its commit window too, then for every queued write. */
  async idle(): Promise<void> {
    await this.batchDone?.catch(() => {})
    await this.queue.idle()
  }

  async close(): Promise<void> {
    if (this.closed) return
    await this.idle()
    this.closed = true
    await this.closeLog()
  }
}
