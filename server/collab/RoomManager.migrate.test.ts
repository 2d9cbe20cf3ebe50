/**
 * A report stored by older code (schema v1: no recorded version, numbers
 * stored as JSON numbers) is migrated when its room loads, in one server
 * transaction that is saved; loading it again changes nothing. A report
 * written by a newer server is refused, its files untouched.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { CURRENT_SCHEMA_VERSION, META_FIELD, SCHEMA_VERSION_KEY, SchemaVersionError } from '@schema/document/migrateDocument'
import { BODY_FIELD } from '@schema/reportSchema'
import type { PublishedVersion } from '@schema/versions/PublishedVersion'
import { FileDocStore } from '../storage/FileDocStore'
import { RoomManager } from './RoomManager'

const options = { compactLogBytes: 1 << 20, unloadDelayMs: 20, retryMs: 10 }
const ID = 'rccccccccccccccccccca'
const v1 = JSON.parse(readFileSync(path.join(__dirname, '../../test/fixtures/publishedVersion.v1.json'), 'utf8')) as PublishedVersion

const metricValues = (doc: Y.Doc) =>
  ([...doc.getXmlFragment(BODY_FIELD).createTreeWalker((n) => n instanceof Y.XmlElement && n.nodeName === 'metricRow')] as Y.XmlElement[]).map((r) => r.getAttribute('current'))

const filesOf = (dir: string) => Object.fromEntries(readdirSync(path.join(dir, 'reports', ID)).map((f) => [f, readFileSync(path.join(dir, 'reports', ID, f))]))

describe('RoomManager: schema migrations at load', () => {
  it('migrates a v1 report once, saves it, and leaves it alone on the next load', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rooms-'))
    await new FileDocStore(dir).create(ID, Buffer.from(v1.yjsState, 'base64'))
    const rooms = new RoomManager(new FileDocStore(dir), [], options)
    const room = await rooms.acquire(ID)
    expect(room.doc.getMap(META_FIELD).get(SCHEMA_VERSION_KEY)).toBe(CURRENT_SCHEMA_VERSION)
    expect(metricValues(room.doc)).toContain('92.1')
    expect(metricValues(room.doc).every((v) => typeof v === 'string')).toBe(true)
    rooms.release(ID)
    await rooms.shutdown()
    const migrated = filesOf(dir)

    // The next load finds it current: nothing is changed, nothing written.
    const again = new RoomManager(new FileDocStore(dir), [], options)
    const reloaded = await again.acquire(ID)
    expect(reloaded.doc.getMap(META_FIELD).get(SCHEMA_VERSION_KEY)).toBe(CURRENT_SCHEMA_VERSION)
    expect(metricValues(reloaded.doc)).toEqual(metricValues(room.doc))
    again.release(ID)
    await again.shutdown()
    expect(filesOf(dir)).toEqual(migrated)
  })

  it('refuses a report written with a future schema version, changing nothing', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rooms-'))
    const doc = new Y.Doc()
    Y.applyUpdate(doc, Buffer.from(v1.yjsState, 'base64'))
    doc.getXmlFragment(BODY_FIELD).insert(0, [new Y.XmlElement('blockFromTheFuture')])
    doc.getMap(META_FIELD).set(SCHEMA_VERSION_KEY, CURRENT_SCHEMA_VERSION + 1)
    await new FileDocStore(dir).create(ID, Y.encodeStateAsUpdate(doc))
    const before = filesOf(dir)
    const rooms = new RoomManager(new FileDocStore(dir), [], options)
    await expect(rooms.acquire(ID)).rejects.toThrow(SchemaVersionError)
    await expect(rooms.acquire(ID)).rejects.toThrow(/newer server/)
    await rooms.shutdown()
    expect(filesOf(dir)).toEqual(before) // not quarantined, not downgraded
  })
})
