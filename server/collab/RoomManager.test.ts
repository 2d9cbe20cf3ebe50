import { mkdtempSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { FileDocStore } from '../storage/FileDocStore'
import type { DocStore } from '../storage/DocStore'
import { StorageLoadError } from '../storage/DocStore'
import { RoomManager } from './RoomManager'
import { waitUntil } from '../../test/helpers/wait'

const options = { compactLogBytes: 1 << 20, unloadDelayMs: 20, retryMs: 10 }

async function storeWithReport(): Promise<{ store: FileDocStore; dir: string }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rooms-'))
  const store = new FileDocStore(dir)
  const doc = new Y.Doc()
  doc.getText('t').insert(0, 'initial')
  await store.create('raaaaaaaaaaaaaaaaaaaa', Y.encodeStateAsUpdate(doc))
  return { store, dir }
}

describe('RoomManager', () => {
  it('loads a report once for concurrent first joins', async () => {
    const { store } = await storeWithReport()
    const rooms = new RoomManager(store, [], options)
    const all = await Promise.all(Array.from({ length: 20 }, () => rooms.acquire('raaaaaaaaaaaaaaaaaaaa')))
    expect(new Set(all).size).toBe(1)
    expect(rooms.loads).toBe(1)
    expect(all[0]!.doc.getText('t').toString()).toBe('initial')
    await rooms.shutdown()
  })

  it('unloads after the last holder leaves and the data is on disk; the next load has it', async () => {
    const { store, dir } = await storeWithReport()
    const rooms = new RoomManager(store, [], options)
    const room = await rooms.acquire('raaaaaaaaaaaaaaaaaaaa')
    room.doc.getText('t').insert(7, ' + edit')
    rooms.release('raaaaaaaaaaaaaaaaaaaa')
    await waitUntil(() => room.doc.isDestroyed, 'the room unloaded', 5000)
    expect(rooms.openRoom('raaaaaaaaaaaaaaaaaaaa')).toBeUndefined()
    // Unloading folded the log into a new snapshot.
    expect(await readdir(path.join(dir, 'reports', 'raaaaaaaaaaaaaaaaaaaa'))).toEqual(['snap-2.bin'])
    const again = await rooms.acquire('raaaaaaaaaaaaaaaaaaaa')
    expect(again).not.toBe(room)
    expect(again.doc.getText('t').toString()).toBe('initial + edit')
    expect(rooms.loads).toBe(2)
    await rooms.shutdown()
  })

  it('quarantines unknown stored content when a report loads, and saves that', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rooms-'))
    const store = new FileDocStore(dir)
    const doc = new Y.Doc()
    const old = new Y.XmlElement('legacyChart')
    old.setAttribute('series', 'q3')
    doc.getXmlFragment('default').insert(0, [new Y.XmlElement('paragraph'), old])
    await store.create('rbbbbbbbbbbbbbbbbbbbb', Y.encodeStateAsUpdate(doc))
    const rooms = new RoomManager(store, [], options)
    const room = await rooms.acquire('rbbbbbbbbbbbbbbbbbbbb')
    const names = room.doc.getXmlFragment('default').toArray().map((n) => (n as Y.XmlElement).nodeName)
    expect(names).toEqual(['paragraph', 'quarantine'])
    rooms.release('rbbbbbbbbbbbbbbbbbbbb')
    await rooms.shutdown()
    const again = new RoomManager(new FileDocStore(dir), [], options)
    const reloaded = await again.acquire('rbbbbbbbbbbbbbbbbbbbb')
    const q = reloaded.doc.getXmlFragment('default').get(1) as Y.XmlElement
    expect(q.getAttribute('originalType')).toBe('legacyChart')
    expect(q.getAttribute('raw')).toContain('series="q3"')
    await again.shutdown()
  })

  it('forgets a failed load instead of keeping an empty room', async () => {
    let attempts = 0
    const failing: DocStore = {
      create: async () => {},
      open: async () => {
        attempts++
        throw new StorageLoadError('disk on fire')
      },
    }
    const rooms = new RoomManager(failing, [], options)
    await expect(rooms.acquire('raaaaaaaaaaaaaaaaaaaa')).rejects.toThrow(StorageLoadError)
    expect(rooms.openRoom('raaaaaaaaaaaaaaaaaaaa')).toBeUndefined()
    await expect(rooms.acquire('raaaaaaaaaaaaaaaaaaaa')).rejects.toThrow(StorageLoadError)
    expect(attempts).toBe(2)
  })
})
