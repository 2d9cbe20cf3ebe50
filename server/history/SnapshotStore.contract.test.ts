/** The SnapshotStore contract against the embedded file store and the PostgreSQL store. */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type pg from 'pg'
import { afterAll, beforeAll } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../../test/helpers/postgres'
import { openPostgres } from '../postgres/openPostgres'
import { FileSnapshotStore } from './FileSnapshotStore'
import { PgSnapshotStore } from './PgSnapshotStore'
import { snapshotStoreContract } from './snapshotStoreContract'

let dataDir: string
let db: TestDatabase
let pool: pg.Pool

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'snapshot-contract-'))
  db = await createTestDatabase()
  pool = await openPostgres(db.url)
})
afterAll(async () => {
  rmSync(dataDir, { recursive: true, force: true })
  await pool?.end()
  await db?.drop()
})

snapshotStoreContract('files', () => ({ open: (keep) => new FileSnapshotStore(dataDir, { keep }), shared: false }))
snapshotStoreContract('PostgreSQL', () => ({ open: (keep) => new PgSnapshotStore(pool, { keep }), shared: true }))
