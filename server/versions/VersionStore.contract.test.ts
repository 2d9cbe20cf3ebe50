/**
 * The VersionStore contract against the embedded file store and the
 * PostgreSQL store; damage is done behind the store's back (the file
 * rewritten, the row's bytes altered by SQL).
 */
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll } from 'vitest'
import { withTestDatabase } from '../../test/helpers/withTestDatabase'
import { FileVersionStore } from './FileVersionStore'
import { PgVersionStore } from './PgVersionStore'
import { versionStoreContract } from './versionStoreContract'

const database = withTestDatabase()
let dataDir: string

beforeAll(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'version-contract-'))
})
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

/** Changes one letter inside the version's HTML: still JSON, its content sha256 still matches. */
function flipLetterInHtml(bytes: Buffer): Buffer {
  const out = Buffer.from(bytes)
  let at = out.indexOf('"html":"') + 200
  while (!/[a-z]/.test(String.fromCharCode(out[at]!))) at++
  out[at] = out[at] === 0x61 ? 0x62 : 0x61
  return out
}

versionStoreContract('files', () => ({
  open: (options) => new FileVersionStore(dataDir, options),
  damage: async (reportId, label, how) => {
    const file = path.join(dataDir, 'versions', reportId, `v${label}.json`)
    if (how === 'flip') writeFileSync(file, flipLetterInHtml(readFileSync(file)))
    else truncateSync(file, Math.floor(readFileSync(file).length / 2))
  },
  shared: false,
  broken: () => {
    const file = path.join(dataDir, 'not-a-folder')
    writeFileSync(file, '')
    return new FileVersionStore(file)
  },
  close: async () => undefined,
}))

versionStoreContract('PostgreSQL', () => {
  const opened: PgVersionStore[] = []
  return {
    open: (options) => {
      const store = new PgVersionStore(database.pool, options)
      opened.push(store)
      return store
    },
    damage: async (reportId, label, how) => {
      if (how === 'truncate') {
        await database.pool.query('UPDATE report_versions SET bytes = substring(bytes from 1 for length(bytes) / 2) WHERE report_id = $1 AND label = $2', [reportId, label])
        return
      }
      const { rows } = await database.pool.query<{ bytes: Buffer }>('SELECT bytes FROM report_versions WHERE report_id = $1 AND label = $2', [reportId, label])
      await database.pool.query('UPDATE report_versions SET bytes = $3 WHERE report_id = $1 AND label = $2', [reportId, label, flipLetterInHtml(rows[0]!.bytes)])
    },
    shared: true,
    broken: () => {
      const store = new PgVersionStore(database.unreachablePool())
      opened.push(store)
      return store
    },
    close: async () => void (await Promise.all(opened.map((s) => s.close()))),
  }
})
