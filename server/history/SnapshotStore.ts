/**
 * Autosaved snapshots of report drafts, one JSON file each under
 * `<dataDir>/snapshots/<reportId>/<id>.json`, written atomically (temp
 * file, fsync, rename, fsync of the folder) so a crash leaves a whole
 * snapshot or none. Ids sort by time, so a folder listing is the history in
 * order. Each report keeps at most `keep` snapshots: the oldest automatic
 * ones go first, the states saved before a restore last, since those are
 * the ones a person deliberately moved away from.
 */
import { randomBytes } from 'node:crypto'
import { promises as fsp } from 'node:fs'
import path from 'node:path'
import type { JSONContent } from '@tiptap/core'
import { z } from 'zod'
import { snapshotReasonSchema } from '@schema/api/historyApi'
import { SNAPSHOT_ID_PATTERN } from '@schema/api/ids'
import { ReportFiles } from '../storage/ReportFiles'
import { canonicalJson, sha256Hex } from '../versions/canonicalJson'
import { CURRENT_SCHEMA_VERSION, migrateContent, schemaVersionOf } from '@schema/document/migrateDocument'
import type { Snapshot, SnapshotReason, SnapshotSummary } from './Snapshot'

export type { Snapshot, SnapshotReason, SnapshotSummary } from './Snapshot'

const ID = SNAPSHOT_ID_PATTERN
const FILE = /^(s\d{13}[a-z2-7]{4})\.json$/
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567'

export const isSnapshotId = (id: string): boolean => ID.test(id)

/** The hash snapshots are compared by: equal bodies give equal hashes whatever their key order. */
export const contentHash = (content: JSONContent): string => sha256Hex(canonicalJson(content))

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

const summaryOf = (s: Snapshot): SnapshotSummary => ({ id: s.id, at: s.at, reason: s.reason, authors: s.authors, sha256: s.sha256 })

export class SnapshotStore {
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
    const ms = Math.max(at, this.lastMs + 1)
    this.lastMs = ms
    let suffix = ''
    for (const b of randomBytes(4)) suffix += BASE32[b & 31]
    return `s${String(ms).padStart(13, '0')}${suffix}`
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
      const snapshot: Snapshot = {
        id: this.newId(at.getTime()),
        reportId: input.reportId,
        at: at.toISOString(),
        reason: input.reason,
        content: input.content,
        schemaVersion: input.schemaVersion ?? CURRENT_SCHEMA_VERSION,
        authors: [...new Set(input.authors)].sort((a, b) => a.localeCompare(b)),
        sha256,
      }
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
    const version = schemaVersionOf(stored.schemaVersion)
    const { content } = migrateContent(stored.content, version, `snapshot ${reportId}/${id}`)
    return { ...stored, content, schemaVersion: CURRENT_SCHEMA_VERSION }
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
    while (list.length > this.options.keep) {
      let victim = -1
      for (let i = list.length - 1; i > 0; i--) {
        if (list[i]!.reason !== 'before_restore') {
          victim = i
          break
        }
      }
      // Only pre-restore states left: the limit still holds, the oldest of those goes.
      if (victim < 0) victim = list.length - 1
      const [gone] = list.splice(victim, 1)
      await fsp.rm(path.join(this.files.dir(reportId), `${gone!.id}.json`), { force: true })
    }
  }
}
