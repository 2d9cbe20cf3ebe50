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
