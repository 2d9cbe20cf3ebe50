/**
 * One transaction on one pooled client: committed if `fn` returns, rolled
 * back if it throws, the client released either way. Every transaction of
 * cluster mode goes through here.
 */
import type pg from 'pg'

export interface TransactionMode {
  /** Default: the server's (read committed). */
  isolation?: 'repeatable read' | 'serializable'
  readOnly?: boolean
}

/** Runs `fn` in one transaction; `mode`: e.g. repeatable read, read only, for one consistent view of several tables. */
export async function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>, mode: TransactionMode = {}): Promise<T> {
  const client = await pool.connect()
  try {
    await client.query(beginStatement(mode))
    const result = await fn(client)
    await client.query('COMMIT')
    return result
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw err
  } finally {
    client.release()
  }
}

function beginStatement(mode: TransactionMode): string {
  let sql = 'BEGIN'
  if (mode.isolation) sql += ` ISOLATION LEVEL ${mode.isolation.toUpperCase()}`
  if (mode.readOnly) sql += ' READ ONLY'
  return sql
}
