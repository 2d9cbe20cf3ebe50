/** The SnapshotStore contract against the embedded file store and the PostgreSQL store. */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { withTestDatabase } from '../../test/helpers/withTestDatabase'
import { FileSnapshotStore } from './FileSnapshotStore'
import { PgSnapshotStore } from './PgSnapshotStore'
import { newReportId } from '../comments/commentStoreContract'
import { snapshotStoreContract } from './snapshotStoreContract'

const database = withTestDatabase()
let dataDir: string

beforeAll(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'snapshot-contract-'))
})
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

snapshotStoreContract('files', () => ({ open: (keep) => new FileSnapshotStore(dataDir, { keep }), shared: false }))
snapshotStoreContract('PostgreSQL', () => ({ open: (keep) => new PgSnapshotStore(database.pool, { keep }), shared: true }))

describe('PgSnapshotStore import', () => {
  it('imports snapshot files as they were stored (ids, times, schema version), once', async () => {
    const id = newReportId()
    const files = new FileSnapshotStore(dataDir, { keep: 10 })
    const content = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'old' }] }] }
    const a = (await files.write({ reportId: id, reason: 'auto', content, authors: ['李娜'], schemaVersion: 1 }))!
    const b = (await files.write({ reportId: id, reason: 'before_restore', content: { type: 'doc', content: [] }, authors: [] }))!
    const store = new PgSnapshotStore(database.pool, { keep: 10 })
    for (const s of [a, b]) expect(await store.importSnapshot(s)).toBe(true)
    expect(await store.importSnapshot(a)).toBe(false)
    expect(await store.list(id)).toEqual(await files.list(id))
    expect(await store.get(id, a.id)).toEqual(await files.get(id, a.id))
  })
})
