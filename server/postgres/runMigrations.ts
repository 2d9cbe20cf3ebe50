import type { Pool } from 'pg'
import { inTransaction } from './inTransaction'
import type { Migration } from './Migration'

/** Any fixed number: every process booting at once takes this transaction lock, so steps run once. */
const MIGRATION_LOCK = 0x6f707372

/**
 * Brings the database to the newest schema at boot: each step not yet
 * recorded in `schema_migrations` runs in one transaction with its record.
 * Processes booting together wait for each other (a transaction-level
 * advisory lock, safe behind a pool). A database newer than this code
 * (a step it does not know) stops the boot: it is never written with an
 * older schema.
 */
export async function runMigrations(pool: Pool, migrations: readonly Migration[]): Promise<string[]> {
  const versions = migrations.map((m) => m.version)
  if (versions.some((v, i) => i > 0 && v <= versions[i - 1]!)) throw new Error('migrations must be in increasing version order')
  const applied: string[] = []
  await inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`)
    const done = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version))
    const newest = Math.max(0, ...versions)
    const unknown = [...done].filter((v) => v > newest)
    if (unknown.length > 0) {
      throw new Error(`the database has schema step(s) ${unknown.join(', ')}, newer than this server knows (${newest}); run a newer server`)
    }
    for (const m of migrations) {
      if (done.has(m.version)) continue
      await client.query(m.sql)
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name])
      applied.push(`${m.version} ${m.name}`)
    }
  })
  return applied
}
