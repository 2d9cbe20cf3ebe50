/**
 * The files a store keeps per report under one folder of the data dir
 * (`<dataDir>/<folder>/<reportId>/…`, or `<dataDir>/<folder>/<reportId>.json`
 * for a store with one file per report): the report-id guard before any
 * path is built, a serial queue per report, the listing of a report's files
 * by a name pattern, an optional per-report cache, and durable writes
 * (writeFileAtomic after the report's folder is made and its name fsynced).
 * Shared by CommentStore, SnapshotStore and VersionStore.
 */
import { promises as fsp } from 'node:fs'
import path from 'node:path'
import { isReportId } from '@schema/reportId'
import { SerialQueue } from './SerialQueue'
import { fsyncDir, writeFileAtomic } from './writeFileAtomic'

export interface ReportFilesOptions {
  /** The message of the error a malformed report id throws (default: `invalid report id "<id>"`). */
  invalidIdMessage?(reportId: string): string
}

export class ReportFiles<Cached = never> {
  /** `<dataDir>/<folder>`. */
  readonly root: string
  private readonly queues = new Map<string, SerialQueue>()
  private readonly cache = new Map<string, Cached>()
  private rootReady: Promise<void> | null = null

  constructor(
    private readonly dataDir: string,
    folder: string,
    private readonly options: ReportFilesOptions = {},
  ) {
    this.root = path.join(dataDir, folder)
  }

  /** Report ids become file and folder names: nothing else may reach the file system. Throws otherwise. */
  checkId(reportId: string): string {
    if (!isReportId(reportId)) {
      throw new Error(this.options.invalidIdMessage?.(reportId) ?? `invalid report id ${JSON.stringify(reportId)}`)
    }
    return reportId
  }

  /** `<root>/<reportId>` (guarded). */
  dir(reportId: string): string {
    return path.join(this.root, this.checkId(reportId))
  }

  /** `<root>/<reportId><suffix>` (guarded), for one file per report. */
  fileOf(reportId: string, suffix: string): string {
    return path.join(this.root, `${this.checkId(reportId)}${suffix}`)
  }

  /** Runs `job` after every job queued before it for the same report. */
  run<T>(reportId: string, job: () => Promise<T>): Promise<T> {
    let queue = this.queues.get(reportId)
    if (!queue) this.queues.set(reportId, (queue = new SerialQueue()))
    return queue.run(job)
  }

  /** Resolves once every job queued so far, for any report, has settled. */
  async idle(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.idle()))
  }

  /**
   * The first capture group of `pattern` for each name in the report's
   * folder that matches it, in folder order; none when there is no folder.
   */
  async names(reportId: string, pattern: RegExp): Promise<string[]> {
    let names: string[]
    try {
      names = await fsp.readdir(this.dir(reportId))
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []
      throw err
    }
    return names.flatMap((n) => pattern.exec(n)?.[1] ?? [])
  }

  cached(reportId: string): Cached | undefined {
    return this.cache.get(reportId)
  }

  remember(reportId: string, value: Cached): void {
    this.cache.set(reportId, value)
  }

  forget(reportId: string): void {
    this.cache.delete(reportId)
  }

  /** Makes the report's folder and fsyncs the root so its name is durable; answers the folder. */
  async ensureDir(reportId: string): Promise<string> {
    const dir = this.dir(reportId)
    await fsp.mkdir(dir, { recursive: true })
    await fsyncDir(this.root)
    return dir
  }

  /** Creates the root folder once, and makes its name durable in the data dir (for one file per report). */
  ensureRoot(): Promise<void> {
    this.rootReady ??= (async () => {
      let created = false
      try {
        await fsp.mkdir(this.root)
        created = true
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
      }
      if (created) await fsyncDir(this.dataDir)
    })().catch((err: unknown) => {
      this.rootReady = null
      throw err
    })
    return this.rootReady
  }

  /** Writes `<root>/<reportId>/<name>` durably: the folder (ensureDir), then writeFileAtomic. */
  async write(reportId: string, name: string, data: Uint8Array): Promise<void> {
    const dir = await this.ensureDir(reportId)
    await writeFileAtomic(path.join(dir, name), data)
  }
}
