import pg from 'pg'
import { allMigrations } from './migrations/allMigrations'
import { runMigrations } from './runMigrations'

/**
 * The PostgreSQL pool of cluster mode, with the schema brought up to date.
 * int8 columns are read as JS numbers (they hold counters far below 2^53).
 */
export async function openPostgres(url: string, options: { max?: number } = {}): Promise<pg.Pool> {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, application_name: 'ops-report' })
  // An idle client that loses its connection (PostgreSQL restarted) must not crash the process.
  pool.on('error', (err) => console.error('[postgres] idle client error:', err.message))
  try {
    const applied = await runMigrations(pool, allMigrations)
    if (applied.length > 0) console.log(`[postgres] schema steps applied: ${applied.join(', ')}`)
  } catch (err) {
    await pool.end().catch(() => undefined)
    throw err
  }
  return pool
}

pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v))

/** Runs `fn` in one transaction on one pooled client: committed if it returns, rolled back if it throws. */
export async function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
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
