/**
 * Snapshots record the document schema version of their body; one stored
 * by older code (no version: v1) is answered migrated to today's shape,
 * its file left as it is, so it can still be restored (today's gate would
 * refuse its numbers). One from a newer server is refused, not downgraded.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { CURRENT_SCHEMA_VERSION, SchemaVersionError } from '@schema/document/migrateDocument'
import { parseReportDocument } from '@schema/parseReportDocument'
import type { PublishedVersion } from '@schema/versions/PublishedVersion'
import { FileSnapshotStore } from './FileSnapshotStore'

const REPORT = 'rabcdefghijklmnopqrst'
const v1 = JSON.parse(readFileSync(path.join(__dirname, '../../test/fixtures/publishedVersion.v1.json'), 'utf8')) as PublishedVersion

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

async function storeWith(schemaVersion: number | undefined) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'snapshots-'))
  dirs.push(dir)
  const store = new FileSnapshotStore(dir, { keep: 10 })
  const written = (await store.write({ reportId: REPORT, reason: 'auto', content: v1.content, authors: [] }))!
  const file = path.join(dir, 'snapshots', REPORT, `${written.id}.json`)
  // As older (or newer) code stored it.
  const { schemaVersion: _today, ...stored } = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>
  writeFileSync(file, JSON.stringify(schemaVersion === undefined ? stored : { ...stored, schemaVersion }))
  return { store: new FileSnapshotStore(dir, { keep: 10 }), id: written.id, file, written }
}

describe('SnapshotStore and schema versions', () => {
  it('records the schema version of what it stores (today’s by default)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'snapshots-'))
    dirs.push(dir)
    const store = new FileSnapshotStore(dir, { keep: 10 })
    const s = (await store.write({ reportId: REPORT, reason: 'auto', content: { type: 'doc', content: [] }, authors: [] }))!
    expect(s.schemaVersion).toBe(CURRENT_SCHEMA_VERSION)
    expect((await store.get(REPORT, s.id))!.schemaVersion).toBe(CURRENT_SCHEMA_VERSION)
  })

  it('answers a v1 snapshot migrated, leaving its file as stored', async () => {
    const { store, id, file, written } = await storeWith(undefined)
    const bytes = readFileSync(file)
    expect(() => parseReportDocument(v1.content)).toThrow()
    const read = (await store.get(REPORT, id))!
    expect(read.schemaVersion).toBe(CURRENT_SCHEMA_VERSION)
    expect(read.sha256).toBe(written.sha256)
    expect(() => parseReportDocument(read.content)).not.toThrow() // restorable
    expect(readFileSync(file).equals(bytes)).toBe(true)
    expect((await store.list(REPORT)).map((s) => s.id)).toEqual([id])
  })

  it('refuses a snapshot of a newer schema version, and still lists it', async () => {
    const { store, id } = await storeWith(CURRENT_SCHEMA_VERSION + 1)
    await expect(store.get(REPORT, id)).rejects.toThrow(SchemaVersionError)
    expect((await store.list(REPORT)).map((s) => s.id)).toEqual([id])
  })
})
