/**
 * The PostgreSQL SnapshotStore (cluster mode): one row per snapshot in
 * `report_snapshots` (report_id, id, created_at, reason, content, schema
 * version, authors, sha256 of the canonical content).
 *
 * Writes of one process run one at a time per report, in call order (as
 * the file store's queue). Each is one transaction under a transaction-level
 * advisory lock on the report, so writes through several processes are
 * ordered too: the latest snapshot is read (skipIfUnchanged compares its
 * hash), the new id is made later than it, the row is inserted and the
 * report pruned to `keep` (SnapshotStore.pruneOver), all or nothing.
 * `content` is `json`, not `jsonb`: stored as written, "\u0000" accepted.
 * Database failures raise the typed storage errors (postgres/pgStorageError.ts).
 */
import type pg from 'pg'
import { isReportId } from '@schema/reportId'
import { inTransaction } from '../postgres/inTransaction'
import { pgReadError, pgWriteError } from '../postgres/pgStorageError'
import { SerialQueue } from '../storage/SerialQueue'
import {
  contentHash,
  isSnapshotId,
  migratedSnapshot,
  newSnapshotId,
  pruneOver,
  snapshotIdTime,
  snapshotOf,
  summaryOf,
  type NewSnapshot,
  type Snapshot,
  type SnapshotReason,
  type SnapshotStore,
  type SnapshotSummary,
} from './SnapshotStore'

interface SummaryRow {
  id: string
  created_at: Date
  reason: SnapshotReason
  authors: string[]
  sha256: string
}

const SUMMARY_COLUMNS = 'id, created_at, reason, authors, sha256'

const summaryOfRow = (r: SummaryRow): SnapshotSummary => ({ id: r.id, at: r.created_at.toISOString(), reason: r.reason, authors: r.authors, sha256: r.sha256 })

export class PgSnapshotStore implements SnapshotStore {
  private lastMs = 0
  /**
   * Writes of this process, one at a time per report in the order they were
   * made (as the file store's queue); list() and idle() wait for them.
   */
  private readonly queues = new Map<string, { queue: SerialQueue; pending: number }>()

  constructor(
    private readonly pool: pg.Pool,
    private readonly options: { keep: number },
  ) {}

  write(input: NewSnapshot): Promise<Snapshot | null> {
    checkId(input.reportId)
    const at = input.at ?? new Date()
    const sha256 = contentHash(input.content)
    let entry = this.queues.get(input.reportId)
    if (!entry) this.queues.set(input.reportId, (entry = { queue: new SerialQueue(), pending: 0 }))
    const queued = entry
    queued.pending++
    const done = queued.queue.run(() => this.insert(input, at, sha256))
    void done
      .finally(() => {
        if (--queued.pending === 0 && this.queues.get(input.reportId) === queued) this.queues.delete(input.reportId)
      })
      .catch(() => undefined)
    return done
  }

  private async insert(input: NewSnapshot, at: Date, sha256: string): Promise<Snapshot | null> {
    try {
      return await inTransaction(this.pool, async (client) => {
        await client.query(`SELECT pg_advisory_xact_lock(hashtextextended('report_snapshots:' || $1, 0))`, [input.reportId])
        const list = (
          await client.query<SummaryRow>(`SELECT ${SUMMARY_COLUMNS} FROM report_snapshots WHERE report_id = $1 ORDER BY id DESC`, [input.reportId])
        ).rows.map(summaryOfRow)
        if (input.skipIfUnchanged && list[0]?.sha256 === sha256) return null
        const { id, ms } = newSnapshotId(at.getTime(), Math.max(this.lastMs, list[0] ? snapshotIdTime(list[0].id) : 0))
        this.lastMs = ms
        const snapshot = snapshotOf(input, id, at, sha256)
        await client.query(
          `INSERT INTO report_snapshots (report_id, id, created_at, reason, content, schema_version, authors, sha256)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [snapshot.reportId, snapshot.id, at, snapshot.reason, JSON.stringify(snapshot.content), snapshot.schemaVersion, snapshot.authors, snapshot.sha256],
        )
        list.unshift(summaryOf(snapshot))
        const gone = pruneOver(list, this.options.keep)
        if (gone.length > 0) {
          await client.query('DELETE FROM report_snapshots WHERE report_id = $1 AND id = ANY($2)', [input.reportId, gone.map((s) => s.id)])
        }
        return snapshot
      })
    } catch (err) {
      throw pgWriteError(err, 'The snapshot was not stored.')
    }
  }

  async list(reportId: string): Promise<SnapshotSummary[]> {
    checkId(reportId)
    await this.queues.get(reportId)?.queue.idle()
    try {
      const { rows } = await this.pool.query<SummaryRow>(`SELECT ${SUMMARY_COLUMNS} FROM report_snapshots WHERE report_id = $1 ORDER BY id DESC`, [reportId])
      return rows.map(summaryOfRow)
    } catch (err) {
      throw pgReadError(err, 'The history of this report')
    }
  }

  async get(reportId: string, id: string): Promise<Snapshot | undefined> {
    checkId(reportId)
    if (!isSnapshotId(id)) return undefined
    let row: (SummaryRow & { content: Snapshot['content']; schema_version: number }) | undefined
    try {
      row = (
        await this.pool.query<SummaryRow & { content: Snapshot['content']; schema_version: number }>(
          `SELECT ${SUMMARY_COLUMNS}, content, schema_version FROM report_snapshots WHERE report_id = $1 AND id = $2`,
          [reportId, id],
        )
      ).rows[0]
    } catch (err) {
      throw pgReadError(err, 'This snapshot')
    }
    if (!row) return undefined
    return migratedSnapshot({ ...summaryOfRow(row), reportId, content: row.content, schemaVersion: row.schema_version })
  }

  /**
   * For the one-time import from an embedded data folder: stores a snapshot
   * as it was stored (same id, time, content, schema version) unless the
   * report has one with that id (idempotent). No pruning: the folder held
   * at most `keep` already. Answers whether it was stored.
   */
  async importSnapshot(snapshot: Snapshot): Promise<boolean> {
    checkId(snapshot.reportId)
    if (!isSnapshotId(snapshot.id)) throw new Error(`invalid snapshot id ${JSON.stringify(snapshot.id)}`)
    try {
      const { rowCount } = await this.pool.query(
        `INSERT INTO report_snapshots (report_id, id, created_at, reason, content, schema_version, authors, sha256)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (report_id, id) DO NOTHING`,
        [snapshot.reportId, snapshot.id, new Date(snapshot.at), snapshot.reason, JSON.stringify(snapshot.content), snapshot.schemaVersion ?? 1, snapshot.authors, snapshot.sha256],
      )
      return rowCount === 1
    } catch (err) {
      throw pgWriteError(err, 'The snapshot was not imported.')
    }
  }

  async idle(): Promise<void> {
    await Promise.all([...this.queues.values()].map((e) => e.queue.idle()))
  }
}

/** Same fence as the file store's. */
function checkId(reportId: string): void {
  if (!isReportId(reportId)) throw new Error(`invalid report id ${JSON.stringify(reportId)}`)
}
