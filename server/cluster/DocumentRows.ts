/**
 * The `report_documents` table: each report's compacted Yjs state, the
 * stream id it covers, its fencing numbers and its lock state.
 *
 * Every write of a state merges into the row under `SELECT … FOR UPDATE`:
 * two writers (a compactor and a room saving while Redis is away) can never
 * take each other's changes out, whatever their order. On top of that a
 * compaction carries a fencing number handed out by this table: a compactor
 * that was paused past its lease, and finds a newer number recorded, is
 * refused, and a covered stream id never moves backwards.
 */
import type { Pool } from 'pg'
import * as Y from 'yjs'
import { inTransaction } from '../postgres/inTransaction'
import { compareStreamIds, type StreamId } from './streamId'

export type LockStatus = 'draft' | 'publishing' | 'published'

export interface DocumentRow {
  state: Uint8Array
  covered: StreamId
  status: LockStatus
  ver: number
}

/** A write the table refused: a stale fence, or a state for a report that is not a draft. */
export class SnapshotRefusedError extends Error {
  override name = 'SnapshotRefusedError'
}

/** Yjs merge through a document, so deleted content is garbage-collected (mergeUpdates keeps it). */
export function mergeStates(states: readonly Uint8Array[]): Uint8Array {
  const doc = new Y.Doc({ gc: true })
  try {
    for (const s of states) Y.applyUpdate(doc, s)
    return Y.encodeStateAsUpdate(doc)
  } finally {
    doc.destroy()
  }
}

export class DocumentRows {
  constructor(private readonly pool: Pool) {}

  /** A new report: fails (unique violation) if the row exists. */
  async create(reportId: string, state: Uint8Array): Promise<void> {
    await this.pool.query('INSERT INTO report_documents (report_id, state) VALUES ($1, $2)', [reportId, Buffer.from(state)])
  }

  async read(reportId: string): Promise<DocumentRow | undefined> {
    const { rows } = await this.pool.query<{ state: Buffer; stream_ms: number; stream_seq: number; status: LockStatus; ver: number }>(
      'SELECT state, stream_ms, stream_seq, status, ver FROM report_documents WHERE report_id = $1',
      [reportId],
    )
    const r = rows[0]
    return r && { state: new Uint8Array(r.state), covered: { ms: r.stream_ms, seq: r.stream_seq }, status: r.status, ver: r.ver }
  }

  /** The next fencing number for a compaction of this report. */
  async issueFence(reportId: string): Promise<number> {
    const { rows } = await this.pool.query<{ fence_issued: number }>(
      'UPDATE report_documents SET fence_issued = fence_issued + 1 WHERE report_id = $1 RETURNING fence_issued',
      [reportId],
    )
    if (!rows[0]) throw new SnapshotRefusedError(`report ${reportId} has no document row`)
    return rows[0].fence_issued
  }

  /**
   * Merges `state` into the row. With `fence`/`covered` (a compaction): refused
   * unless the fence is newer than the recorded one, and the covered id is
   * never moved backwards. With `requireDraft` (a room's own state, written
   * when Redis cannot take it): refused unless the report is a draft.
   */
  async merge(reportId: string, state: Uint8Array, options: { fence?: number; covered?: StreamId; requireDraft?: boolean }): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<{ state: Buffer; stream_ms: number; stream_seq: number; fence: number; status: LockStatus }>(
        'SELECT state, stream_ms, stream_seq, fence, status FROM report_documents WHERE report_id = $1 FOR UPDATE',
        [reportId],
      )
      const row = rows[0]
      if (!row) throw new SnapshotRefusedError(`report ${reportId} has no document row`)
      if (options.requireDraft && row.status !== 'draft') throw new SnapshotRefusedError(`report ${reportId} is ${row.status}`)
      if (options.fence !== undefined && options.fence <= row.fence) {
        throw new SnapshotRefusedError(`stale compaction of report ${reportId}: fence ${options.fence}, recorded ${row.fence}`)
      }
      const recorded = { ms: row.stream_ms, seq: row.stream_seq }
      const covered = options.covered && compareStreamIds(options.covered, recorded) > 0 ? options.covered : recorded
      const merged = mergeStates([new Uint8Array(row.state), state])
      await client.query(
        `UPDATE report_documents SET state = $2, stream_ms = $3, stream_seq = $4, fence = GREATEST(fence, $5), updated_at = now()
         WHERE report_id = $1`,
        [reportId, Buffer.from(merged), covered.ms, covered.seq, options.fence ?? 0],
      )
    })
  }

  /** Sets the lock state (the truth) and returns its new ver. */
  async setStatus(reportId: string, status: LockStatus): Promise<number> {
    const { rows } = await this.pool.query<{ ver: number }>(
      'UPDATE report_documents SET status = $2, ver = ver + 1 WHERE report_id = $1 RETURNING ver',
      [reportId, status],
    )
    if (!rows[0]) throw new Error(`report ${reportId} has no document row`)
    return rows[0].ver
  }
}
