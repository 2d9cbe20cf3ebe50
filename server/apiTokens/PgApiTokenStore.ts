/**
 * The PostgreSQL ApiTokenStore (cluster mode): one row per token in
 * `api_tokens` (migration 4). Every call reads the table, so a token revoked
 * through one process is refused by every other at its next call. The last
 * use is written by one conditional UPDATE (at most once a minute per token,
 * whichever processes the calls reach). Database failures raise the typed
 * storage errors (postgres/pgStorageError.ts).
 */
import type pg from 'pg'
import { pgReadError, pgWriteError } from '../postgres/pgStorageError'
import { StorageReadError } from '../storage/storageErrors'
import { LAST_USE_INTERVAL_MS, isApiTokenRecord, type ApiTokenRecord, type ApiTokenStore } from './ApiTokenStore'

interface Row {
  id: string
  user_id: string
  name: string
  scope: unknown
  hash: string
  created_at: Date
  expires_at: Date
  last_used_at: Date | null
  revoked_at: Date | null
}

const COLUMNS = 'id, user_id, name, scope, hash, created_at, expires_at, last_used_at, revoked_at'

export class PgApiTokenStore implements ApiTokenStore {
  private readonly pending = new Set<Promise<unknown>>()

  constructor(private readonly pool: pg.Pool) {}

  create(record: ApiTokenRecord): Promise<void> {
    return this.write(async () => {
      await this.pool.query(
        `INSERT INTO api_tokens (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [record.id, record.userId, record.name, JSON.stringify(record.scope), record.hash, record.createdAt, record.expiresAt, record.lastUsedAt, record.revokedAt],
      )
    })
  }

  async byHash(hash: string): Promise<ApiTokenRecord | undefined> {
    return (await this.read(`SELECT ${COLUMNS} FROM api_tokens WHERE hash = $1`, [hash]))[0]
  }

  async byId(id: string): Promise<ApiTokenRecord | undefined> {
    return (await this.read(`SELECT ${COLUMNS} FROM api_tokens WHERE id = $1`, [id]))[0]
  }

  listFor(userId: string): Promise<ApiTokenRecord[]> {
    return this.read(`SELECT ${COLUMNS} FROM api_tokens WHERE user_id = $1 ORDER BY created_at DESC, id DESC`, [userId])
  }

  revoke(id: string, at: string): Promise<ApiTokenRecord | undefined> {
    return this.write(async () => {
      // Only the first revoke sets the time; the row as it is after, either way.
      await this.pool.query('UPDATE api_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL', [id, at])
      const rows = (await this.pool.query<Row>(`SELECT ${COLUMNS} FROM api_tokens WHERE id = $1`, [id])).rows
      return rows[0] && recordOf(rows[0])
    })
  }

  touch(id: string, at: string): Promise<boolean> {
    return this.write(async () => {
      const { rowCount } = await this.pool.query(
        `UPDATE api_tokens SET last_used_at = $2 WHERE id = $1 AND (last_used_at IS NULL OR last_used_at <= $2::timestamptz - make_interval(secs => $3))`,
        [id, at, LAST_USE_INTERVAL_MS / 1000],
      )
      return rowCount === 1
    })
  }

  async activeCount(userId: string, now: string): Promise<number> {
    try {
      const { rows } = await this.pool.query<{ n: string }>(
        'SELECT count(*) AS n FROM api_tokens WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2',
        [userId, now],
      )
      return Number(rows[0]!.n)
    } catch (err) {
      throw pgReadError(err, 'The API tokens')
    }
  }

  async idle(): Promise<void> {
    await Promise.allSettled([...this.pending])
  }

  private async read(sql: string, values: unknown[]): Promise<ApiTokenRecord[]> {
    let rows: Row[]
    try {
      rows = (await this.pool.query<Row>(sql, values)).rows
    } catch (err) {
      throw pgReadError(err, 'The API tokens')
    }
    return rows.map(recordOf)
  }

  private write<T>(fn: () => Promise<T>): Promise<T> {
    const done = fn().catch((err: unknown) => {
      if (err instanceof StorageReadError) throw err
      throw pgWriteError(err)
    })
    this.pending.add(done)
    void done.finally(() => this.pending.delete(done)).catch(() => undefined)
    return done
  }
}

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString())

function recordOf(row: Row): ApiTokenRecord {
  const record = {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    scope: row.scope as ApiTokenRecord['scope'],
    hash: row.hash,
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
    lastUsedAt: iso(row.last_used_at),
    revokedAt: iso(row.revoked_at),
  }
  if (!isApiTokenRecord(record)) throw new StorageReadError(`The API token ${row.id} has an unknown shape; it was left untouched.`)
  return record
}
