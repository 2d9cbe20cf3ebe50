/**
 * "Never unload a room while a save is pending": the last client leaves while
 * its edit is still in the group-commit window (or the disk is failing); the
 * room is destroyed only after the edit is on disk, a join meanwhile gets the
 * edit, and a room that cannot be saved stays open with its edits.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as Y from 'yjs'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { FileDocStore } from '../storage/FileDocStore'
import { RoomManager } from './RoomManager'
import { waitUntil } from '../../test/helpers/wait'

const ID = 'runloadunloadunload00'
let dataDir: string
let faultFile: string
const savedEnv = process.env.STORAGE_FAULT_FILE

beforeEach(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'rooms-unload-'))
  faultFile = path.join(dataDir, 'FAULT')
  process.env.STORAGE_FAULT_FILE = faultFile
  const doc = new Y.Doc()
  doc.getText('t').insert(0, 'initial')
  await new FileDocStore(dataDir).create(ID, Y.encodeStateAsUpdate(doc))
})

afterEach(() => {
  if (savedEnv === undefined) delete process.env.STORAGE_FAULT_FILE
  else process.env.STORAGE_FAULT_FILE = savedEnv
  rmSync(dataDir, { recursive: true, force: true })
})


/** What a fresh process (with a working disk) would load, read from a copy: loading repairs torn tails. */
async function onDisk(): Promise<string> {
  const copy = mkdtempSync(path.join(os.tmpdir(), 'rooms-unload-copy-'))
  delete process.env.STORAGE_FAULT_FILE
  try {
    cpSync(path.join(dataDir, 'reports'), path.join(copy, 'reports'), { recursive: true })
    const handle = await new FileDocStore(copy).open(ID)
    const doc = new Y.Doc()
    Y.applyUpdate(doc, handle.state)
    await handle.close()
    return doc.getText('t').toString()
  } finally {
    process.env.STORAGE_FAULT_FILE = faultFile
    rmSync(copy, { recursive: true, force: true })
  }
}

describe('RoomManager unload', () => {
  it('waits for a pending save before destroying the room; a join meanwhile gets the saved edit', async () => {
    // A long commit window keeps the edit pending well past the unload delay.
    const store = new FileDocStore(dataDir, { commitWindowMs: 300 })
    const rooms = new RoomManager(store, [], { compactLogBytes: 1 << 20, unloadDelayMs: 10, retryMs: 50 })
    const room = await rooms.acquire(ID)
    room.doc.getText('t').insert(7, ' + pending edit')
    expect(room.persistence.pending).toBe(true)
    rooms.release(ID)
    // The unload has started: the room left the map, its save is still in the window.
    await waitUntil(() => rooms.openRoom(ID) === undefined, 'the unload started', 5000)
    expect(rooms.openRoom(ID)).toBeUndefined()
    expect(room.persistence.pending).toBe(true)
    expect(room.doc.isDestroyed).toBe(false)

    const rejoined = await rooms.acquire(ID) // waits for the close, then reads the files
    expect(room.doc.isDestroyed).toBe(true)
    expect(rejoined).not.toBe(room)
    expect(rejoined.doc.getText('t').toString()).toBe('initial + pending edit')
    rooms.release(ID)
    await rooms.shutdown()
    expect(await onDisk()).toBe('initial + pending edit')
  })

  it('keeps a room that cannot be saved open, hands it to the next join, and unloads it once the disk recovers', async () => {
    const store = new FileDocStore(dataDir)
    const rooms = new RoomManager(store, [], { compactLogBytes: 1 << 20, unloadDelayMs: 10, retryMs: 30 })
    const room = await rooms.acquire(ID)
    writeFileSync(faultFile, '')
    room.doc.getText('t').insert(7, ' + unsaved edit')
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    rooms.release(ID)
    // Unload attempts fail (each one logged): the room must stay.
    const failedUnloads = () => errors.mock.calls.filter((c) => String(c[0]).includes('cannot save before unloading')).length
    await waitUntil(() => failedUnloads() >= 2, 'two failed unload attempts', 5000)
    expect(room.doc.isDestroyed).toBe(false)
    const again = await rooms.acquire(ID)
    expect(again).toBe(room)
    expect(again.doc.getText('t').toString()).toBe('initial + unsaved edit')
    expect(await onDisk()).toBe('initial')

    rmSync(faultFile)
    rooms.release(ID)
    await waitUntil(() => room.doc.isDestroyed, 'the room unloaded after the disk recovered', 5000)
    errors.mockRestore()
    expect(rooms.openRoom(ID)).toBeUndefined()
    expect(room.doc.isDestroyed).toBe(true)
    expect(await onDisk()).toBe('initial + unsaved edit')
    await rooms.shutdown()
  })
})
