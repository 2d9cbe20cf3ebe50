/**
 * The PostgreSQL CommentStore (cluster mode): one row per report in
 * `report_comments` holding the report's whole CommentFile as `json`, its
 * `rev` beside it.
 *
 * Stored whole rather than normalized into threads and comments: the unit
 * every change works on is the per-report record (a change is a function of
 * the current threads, validated against all of them, and counts `rev` up
 * once), so one row per report keeps `mutate` exactly the file store's
 * read–change–write, made atomic across processes by a row lock, with no
 * diffing of what the change touched. A report's comments are small (quotas
 * cap them, comments/commentQuotas.ts).
 *
 * `mutate` is one transaction: the row is inserted if missing, locked with
 * SELECT … FOR UPDATE (a change through another process waits), changed, and
 * written with rev + 1. A change that throws rolls back and writes nothing;
 * its error passes through as it is. Database failures raise the typed
 * storage errors (postgres/pgStorageError.ts).
 */
import type pg from 'pg'
import { isReportId } from '@schema/reportId'
import { inTransaction } from '../postgres/inTransaction'
import { pgReadError, pgWriteError } from '../postgres/pgStorageError'
import { StorageReadError } from '../storage/storageErrors'
import { emptyCommentFile, isCommentFile, openThreadsOf, type CommentFile, type CommentStore } from './CommentStore'

/** A change's own error, carried through the transaction's rollback untouched. */
class ChangeFailed {
  constructor(readonly error: unknown) {}
}

export class PgCommentStore implements CommentStore {
  /** Mutations in flight in this process, for idle(). */
  private readonly pending = new Set<Promise<unknown>>()

  constructor(private readonly pool: pg.Pool) {}

  async read(reportId: string): Promise<CommentFile> {
    checkId(reportId)
    let rows: { data: unknown; rev: number }[]
    try {
      rows = (await this.pool.query<{ data: unknown; rev: number }>('SELECT data, rev FROM report_comments WHERE report_id = $1', [reportId])).rows
    } catch (err) {
      throw pgReadError(err, 'The comments of this report')
    }
    return rows[0] ? fileOf(rows[0]) : emptyCommentFile()
  }

  mutate<T>(reportId: string, change: (file: CommentFile) => T): Promise<T> {
    checkId(reportId)
    const done = this.run(reportId, change)
    this.pending.add(done)
    void done.finally(() => this.pending.delete(done)).catch(() => undefined)
    return done
  }

  private async run<T>(reportId: string, change: (file: CommentFile) => T): Promise<T> {
    try {
      return await inTransaction(this.pool, async (client) => {
        await client.query('INSERT INTO report_comments (report_id, data) VALUES ($1, $2) ON CONFLICT (report_id) DO NOTHING', [
          reportId,
          JSON.stringify(emptyCommentFile()),
        ])
        const row = (await client.query<{ data: unknown; rev: number }>('SELECT data, rev FROM report_comments WHERE report_id = $1 FOR UPDATE', [reportId])).rows[0]!
        const file = fileOf(row)
        let result: T
        try {
          result = change(file)
        } catch (err) {
          throw new ChangeFailed(err)
        }
        file.rev = (file.rev ?? 0) + 1
        await client.query('UPDATE report_comments SET data = $2, rev = $3, updated_at = now() WHERE report_id = $1', [reportId, JSON.stringify(file), file.rev])
        return result
      })
    } catch (err) {
      if (err instanceof ChangeFailed) throw err.error
      throw pgWriteError(err)
    }
  }

  /**
   * For the one-time import from an embedded data folder: stores `file` as
   * the report's record unless the report has one already (idempotent: a
   * second run changes nothing). Answers whether it was stored.
   */
  async importFile(reportId: string, file: CommentFile): Promise<boolean> {
    checkId(reportId)
    if (!isCommentFile(file)) throw new StorageReadError(`The comments file of report ${reportId} has an unknown shape; it was not imported.`)
    try {
      const { rowCount } = await this.pool.query('INSERT INTO report_comments (report_id, data, rev) VALUES ($1, $2, $3) ON CONFLICT (report_id) DO NOTHING', [
        reportId,
        JSON.stringify(file),
        file.rev ?? 0,
      ])
      return rowCount === 1
    } catch (err) {
      throw pgWriteError(err)
    }
  }

  async openThreads(reportId: string): Promise<{ id: string; blockId: string }[]> {
    return openThreadsOf(await this.read(reportId))
  }

  async idle(): Promise<void> {
    await Promise.allSettled([...this.pending])
  }
}

/** Same fence as the file store's before anything is stored under the id. */
function checkId(reportId: string): void {
  if (!isReportId(reportId)) throw new Error(`invalid report id for comment storage: ${reportId}`)
}

/** The stored record, its `rev` from the column (the one a change counts up). */
function fileOf(row: { data: unknown; rev: number }): CommentFile {
  if (!isCommentFile(row.data)) throw new StorageReadError('The comments of this report have an unknown shape; they were left untouched.')
  return row.rev > 0 ? { ...row.data, rev: row.rev } : row.data
}
