/** The ApiTokenStore contract against the embedded file store and the PostgreSQL store. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { withTestDatabase } from '../../test/helpers/withTestDatabase'
import { StorageReadError } from '../storage/storageErrors'
import { newId } from '../meta/newId'
import { apiTokenStoreContract, tokenRecord } from './apiTokenStoreContract'
import { FileApiTokenStore } from './FileApiTokenStore'
import { PgApiTokenStore } from './PgApiTokenStore'

const database = withTestDatabase()
let dataDir: string

beforeAll(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'api-token-contract-'))
})
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

apiTokenStoreContract('files', () => ({
  open: () => new FileApiTokenStore(dataDir),
  shared: false,
  broken: () => {
    const file = path.join(dataDir, 'not-a-folder')
    writeFileSync(file, '')
    return new FileApiTokenStore(file)
  },
}))

apiTokenStoreContract('PostgreSQL', () => ({
  open: () => new PgApiTokenStore(database.pool),
  shared: true,
  broken: () => new PgApiTokenStore(database.unreachablePool()),
}))

describe('FileApiTokenStore', () => {
  it('reports a damaged file and leaves it as it was', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'api-token-damaged-'))
    try {
      writeFileSync(path.join(dir, 'api-tokens.json'), '{"version":1,')
      const store = new FileApiTokenStore(dir)
      await expect(store.byHash('0'.repeat(64))).rejects.toBeInstanceOf(StorageReadError)
      await expect(store.create(tokenRecord(newId('u')))).rejects.toBeInstanceOf(StorageReadError)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
