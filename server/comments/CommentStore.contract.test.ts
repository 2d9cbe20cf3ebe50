/** The CommentStore contract against the embedded file store and the PostgreSQL store. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../../test/helpers/postgres'
import { openPostgres } from '../postgres/openPostgres'
import { commentStoreContract, newReportId, thread } from './commentStoreContract'
import { FileCommentStore } from './FileCommentStore'
import { PgCommentStore } from './PgCommentStore'

let dataDir: string
let db: TestDatabase
let pool: pg.Pool
/** A pool on a database that does not exist: every query fails (3D000). */
let missing: pg.Pool

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'comment-contract-'))
  db = await createTestDatabase()
  pool = await openPostgres(db.url)
  missing = new pg.Pool({ connectionString: db.url.replace(db.name, `${db.name}_missing`) })
})
afterAll(async () => {
  rmSync(dataDir, { recursive: true, force: true })
  await pool?.end()
  await missing?.end()
  await db?.drop()
})

commentStoreContract('files', () => ({
  open: () => new FileCommentStore(dataDir),
  damage: async (reportId) => writeFileSync(path.join(dataDir, 'comments', `${reportId}.json`), '{"version":1,'),
  shared: false,
  broken: () => {
    const file = path.join(dataDir, 'not-a-folder')
    writeFileSync(file, '')
    return new FileCommentStore(file)
  },
}))

commentStoreContract('PostgreSQL', () => ({
  open: () => new PgCommentStore(pool),
  damage: async (reportId) => void (await pool.query(`UPDATE report_comments SET data = '{"threads": 3}' WHERE report_id = $1`, [reportId])),
  shared: true,
  broken: () => new PgCommentStore(missing),
}))

describe('PgCommentStore import', () => {
  it('imports a comments file once, keeping its rev; a second run changes nothing', async () => {
    const store = new PgCommentStore(pool)
    const id = newReportId()
    const file = { version: 1 as const, threads: [thread('t1')], reads: { u2: ['c-t1'] }, rev: 7 }
    expect(await store.importFile(id, file)).toBe(true)
    expect(await store.importFile(id, { ...file, threads: [] })).toBe(false)
    expect(await store.read(id)).toEqual(file)
    await store.mutate(id, (f) => f.threads.push(thread('t2')))
    expect((await store.read(id)).rev).toBe(8)
  })
})
