/**
 * The embedded SnapshotStore: one JSON file per snapshot under
 * `<dataDir>/snapshots/<reportId>/<id>.json`, written atomically (temp
 * file, fsync, rename, fsync of the folder) so a crash leaves a whole
 * snapshot or none. Ids sort by time, so a folder listing is the history in
 * order; pruning and dedupe follow SnapshotStore.ts.
 */
import { promises as fsp } from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { snapshotReasonSchema } from '@schema/api/historyApi'
import { SNAPSHOT_ID_PATTERN } from '@schema/api/ids'
import { ReportFiles } from '../storage/ReportFiles'
import {
  contentHash,
  isSnapshotId,
  migratedSnapshot,
  newSnapshotId,
  pruneOver,
  snapshotOf,
  summaryOf,
  type NewSnapshot,
  type Snapshot,
  type SnapshotStore,
  type SnapshotSummary,
} from './SnapshotStore'

const ID = SNAPSHOT_ID_PATTERN
const FILE = /^(s\d{13}[a-z2-7]{4})\.json$/
/** What a stored file must look like to be listed or served; anything else is skipped and reported. */
const fileSchema = z.object({
  id: z.string().regex(ID),
  reportId: z.string(),
  at: z.string(),
  reason: snapshotReasonSchema,
  content: z.object({ type: z.literal('doc') }).passthrough(),
  schemaVersion: z.number().optional(),
  authors: z.array(z.string()),
  sha256: z.string(),
})

export class FileSnapshotStore implements SnapshotStore {
  /** Caches per report the summaries, newest first; loaded from the folder once, then kept in step with every write and prune. */
  private readonly files: ReportFiles<SnapshotSummary[]>
  private lastMs = 0

  constructor(
    dataDir: string,
    private readonly options: { keep: number },
  ) {
    this.files = new ReportFiles(dataDir, 'snapshots')
  }

  /** Time-ordered even within one millisecond: each id's time is after the previous one's. */
  private newId(at: number): string {
    const { id, ms } = newSnapshotId(at, this.lastMs)
    this.lastMs = ms
    return id
  }

  /**
   * Stores a snapshot durably; resolves with it, or with null when
   * `skipIfUnchanged` found the body equal to the latest snapshot's.
   * Queued synchronously, so `idle()` covers a write started before it.
   */
  write(input: NewSnapshot): Promise<Snapshot | null> {
    this.files.checkId(input.reportId)
    const at = input.at ?? new Date()
    const sha256 = contentHash(input.content)
    return this.files.run(input.reportId, async () => {
      const list = await this.load(input.reportId)
      if (input.skipIfUnchanged && list[0]?.sha256 === sha256) return null
      const snapshot = snapshotOf(input, this.newId(at.getTime()), at, sha256)
      await this.files.write(input.reportId, `${snapshot.id}.json`, Buffer.from(JSON.stringify(snapshot), 'utf8'))
      list.unshift(summaryOf(snapshot))
      await this.prune(input.reportId, list)
      return snapshot
    })
  }

  /** The report's snapshots, newest first (after every write queued before the call). */
  async list(reportId: string): Promise<SnapshotSummary[]> {
    this.files.checkId(reportId)
    return this.files.run(reportId, async () => [...(await this.load(reportId))])
  }

  /**
   * One snapshot, or undefined when the id is malformed or unknown. Its
   * content is migrated to today's schema version (the file stays as it
   * is; `sha256` is the stored content's); SchemaVersionError for a
   * snapshot from a newer server.
   */
  async get(reportId: string, id: string): Promise<Snapshot | undefined> {
    const stored = await this.getStored(reportId, id)
    if (!stored) return undefined
    return migratedSnapshot(stored)
  }

  /** A snapshot as its file holds it. */
  private async getStored(reportId: string, id: string): Promise<Snapshot | undefined> {
    if (!isSnapshotId(id)) return undefined
    const file = path.join(this.files.dir(reportId), `${id}.json`)
    let text: string
    try {
      text = await fsp.readFile(file, 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw err
    }
    const parsed = fileSchema.safeParse(JSON.parse(text))
    if (!parsed.success || parsed.data.reportId !== reportId || parsed.data.id !== id) {
      throw new Error(`snapshot ${reportId}/${id} does not have the stored shape`)
    }
    return parsed.data as Snapshot
  }

  /** Resolves once every write queued so far has settled (shutdown). */
  idle(): Promise<void> {
    return this.files.idle()
  }

  private async load(reportId: string): Promise<SnapshotSummary[]> {
    const cached = this.files.cached(reportId)
    if (cached) return cached
    const ids = (await this.files.names(reportId, FILE)).sort().reverse()
    const out: SnapshotSummary[] = []
    for (const id of ids) {
      try {
        const s = await this.getStored(reportId, id)
        if (s) out.push(summaryOf(s))
      } catch (err) {
        // One damaged file must not hide the rest of the history; it is left on disk for inspection.
        console.error(`[history] report ${reportId}: skipping snapshot ${id}:`, (err as Error).message)
      }
    }
    this.files.remember(reportId, out)
    return out
  }

  private async prune(reportId: string, list: SnapshotSummary[]): Promise<void> {
    for (const gone of pruneOver(list, this.options.keep)) {
      await fsp.rm(path.join(this.files.dir(reportId), `${gone.id}.json`), { force: true })
    }
  }
}
