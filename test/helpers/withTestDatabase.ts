/**
 * A PostgreSQL database of its own for the tests of one file: created in
 * beforeAll with the schema (openPostgres runs the migrations), its pools
 * ended and the database dropped in afterAll. Call it at the top level of
 * the test file; `db` and `pool` are there once beforeAll has run.
 */
import pg from 'pg'
import { afterAll, beforeAll } from 'vitest'
import { openPostgres } from '../../server/postgres/openPostgres'
import { createTestDatabase, type TestDatabase } from './postgres'

export interface TestDatabaseWithPool {
  readonly db: TestDatabase
  /** A pool on the database, schema up to date. */
  readonly pool: pg.Pool
  /** A pool on a database that does not exist: every query fails (3D000). One per file, ended in afterAll. */
  unreachablePool(): pg.Pool
}

export function withTestDatabase(options: { max?: number } = {}): TestDatabaseWithPool {
  let db: TestDatabase | undefined
  let pool: pg.Pool | undefined
  let unreachable: pg.Pool | undefined
  beforeAll(async () => {
    db = await createTestDatabase()
    pool = await openPostgres(db.url, options)
  })
  afterAll(async () => {
    await unreachable?.end()
    await pool?.end()
    await db?.drop()
  })
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('withTestDatabase: the database is there once beforeAll has run')
    return value
  }
  return {
    get db() {
      return ready(db)
    },
    get pool() {
      return ready(pool)
    },
    unreachablePool() {
      const { url, name } = ready(db)
      return (unreachable ??= new pg.Pool({ connectionString: url.replace(name, `${name}_missing`) }))
    },
  }
}
