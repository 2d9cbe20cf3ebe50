/** The CellHistoryStore contract against the embedded file store and the PostgreSQL store. */
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll } from 'vitest'
import { withTestDatabase } from '../../test/helpers/withTestDatabase'
import { cellHistoryStoreContract } from './cellHistoryStoreContract'
import { FileCellHistoryStore } from './FileCellHistoryStore'
import { PgCellHistoryStore } from './PgCellHistoryStore'

const database = withTestDatabase()
let dataDir: string

beforeAll(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'cell-history-contract-'))
})
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

cellHistoryStoreContract('files', () => ({
  open: () => new FileCellHistoryStore(dataDir),
  tear: async (reportId) => appendFileSync(path.join(dataDir, 'cell-history', `${reportId}.jsonl`), '{"at":"2026-11-03T09:1'),
  shared: false,
  broken: () => {
    const file = path.join(dataDir, 'not-a-folder')
    writeFileSync(file, '')
    return new FileCellHistoryStore(file)
  },
}))

cellHistoryStoreContract('PostgreSQL', () => ({
  open: () => new PgCellHistoryStore(database.pool),
  shared: true,
  broken: () => new PgCellHistoryStore(database.unreachablePool()),
}))
