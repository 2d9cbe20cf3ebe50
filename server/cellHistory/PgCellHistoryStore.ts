/**
 * The PostgreSQL CellHistoryStore (cluster mode): one row per change in
 * `cell_history` (migration 5), ordered by `seq`. One append is one INSERT
 * of all its entries, in their order; appends of one report from this
 * process run one after another, so their order is kept too. Each change is
 * appended by the one process that received it from its author (the others
 * apply it as REMOTE_ORIGIN and record nothing), so it is stored once.
 */
import type pg from 'pg'
import { isReportId } from '@schema/reportId'
import type { CellChange } from '@schema/api/cellHistoryApi'
import { pgReadError, pgWriteError } from '../postgres/pgStorageError'
import { SerialQueue } from '../storage/SerialQueue'
import type { CellHistoryEntry, CellHistoryStore } from './CellHistoryStore'

interface Row {
  at: Date
  by_kind: 'user' | 'token'
  by_id: string
  by_name: string
  field: string
  from_value: string | null
  to_value: string | null
}

export class PgCellHistoryStore implements CellHistoryStore {
  /** Per report while appends wait: dropped once its last one is done (a closed report keeps nothing here). */
  private readonly queues = new Map<string, { queue: SerialQueue; pending: number }>()

  constructor(private readonly pool: pg.Pool) {}

  append(reportId: string, entries: readonly CellHistoryEntry[]): Promise<void> {
    checkId(reportId)
    if (entries.length === 0) return Promise.resolve()
    let entry = this.queues.get(reportId)
    if (!entry) this.queues.set(reportId, (entry = { queue: new SerialQueue(), pending: 0 }))
    const queued = entry
    queued.pending++
    const done = queued.queue.run(async () => {
      const column = <T>(f: (e: CellHistoryEntry) => T): T[] => entries.map(f)
      try {
        await this.pool.query(
          `INSERT INTO cell_history (report_id, block_id, at, by_kind, by_id, by_name, field, from_value, to_value)
           SELECT $1, b, a, k, i, n, f, fv, tv
           FROM unnest($2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
             WITH ORDINALITY AS e(b, a, k, i, n, f, fv, tv, ord)
           ORDER BY ord`,
          [
            reportId,
            column((e) => e.blockId),
            column((e) => e.at),
            column((e) => e.by.kind),
            column((e) => e.by.id),
            column((e) => e.by.name),
            column((e) => e.field),
            column((e) => e.from),
            column((e) => e.to),
          ],
        )
      } catch (err) {
        throw pgWriteError(err, 'The change was made, but its history entry was not kept.')
      }
    })
    void done
      .finally(() => {
        if (--queued.pending === 0 && this.queues.get(reportId) === queued) this.queues.delete(reportId)
      })
      .catch(() => undefined)
    return done
  }

  async read(reportId: string, blockId: string): Promise<CellChange[]> {
    checkId(reportId)
    await this.queues.get(reportId)?.queue.idle()
    let rows: Row[]
    try {
      rows = (
        await this.pool.query<Row>(
          'SELECT at, by_kind, by_id, by_name, field, from_value, to_value FROM cell_history WHERE report_id = $1 AND block_id = $2 ORDER BY seq',
          [reportId, blockId],
        )
      ).rows
    } catch (err) {
      throw pgReadError(err, 'The history of this block')
    }
    return rows.map((r) => ({
      at: r.at.toISOString(),
      by: { kind: r.by_kind, id: r.by_id, name: r.by_name },
      field: r.field,
      from: r.from_value,
      to: r.to_value,
    }))
  }

  async idle(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.queue.idle()))
  }
}

/** Same fence as the file store's before anything is stored under the id. */
function checkId(reportId: string): void {
  if (!isReportId(reportId)) throw new Error(`invalid report id for cell history storage: ${reportId}`)
}
