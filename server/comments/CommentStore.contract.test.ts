/** The CommentStore contract against the embedded file store and the PostgreSQL store. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { withTestDatabase } from '../../test/helpers/withTestDatabase'
import { commentStoreContract, newReportId, thread } from './commentStoreContract'
import { FileCommentStore } from './FileCommentStore'
import { PgCommentStore } from './PgCommentStore'

const database = withTestDatabase()
let dataDir: string

beforeAll(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'comment-contract-'))
})
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

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
  open: () => new PgCommentStore(database.pool),
  damage: async (reportId) => void (await database.pool.query(`UPDATE report_comments SET data = '{"threads": 3}' WHERE report_id = $1`, [reportId])),
  shared: true,
  broken: () => new PgCommentStore(database.unreachablePool()),
}))

describe('PgCommentStore import', () => {
  it('imports a comments file once, keeping its rev; a second run changes nothing', async () => {
    const store = new PgCommentStore(database.pool)
    const id = newReportId()
    const file = { version: 1 as const, threads: [thread('t1')], reads: { u2: ['c-t1'] }, rev: 7 }
    expect(await store.importFile(id, file)).toBe(true)
    expect(await store.importFile(id, { ...file, threads: [] })).toBe(false)
    expect(await store.read(id)).toEqual(file)
    await store.mutate(id, (f) => f.threads.push(thread('t2')))
    expect((await store.read(id)).rev).toBe(8)
  })
})
