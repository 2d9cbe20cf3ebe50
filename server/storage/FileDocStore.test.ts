import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { constants as fsConstants, promises as fsp } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as Y from 'yjs'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { StorageLoadError } from './DocStore'
import { FileDocStore } from './FileDocStore'
import { encodeRecord, RECORD_HEADER_BYTES } from './recordCodec'
import { quietPeriod } from '../../test/helpers/wait'

const ID = 'rabcdefghijklmnopqrst'
/**
 * Test payloads are real Yjs updates (the store merges them on load): each
 * string is a key set by its own client, numbered in order of first use, so
 * the loaded state lists the strings in the order they were first encoded.
 */
const clientOf = new Map<string, number>()
const enc = (s: string): Uint8Array => {
  if (!clientOf.has(s)) clientOf.set(s, 1000 + clientOf.size) // same varint width for all
  const doc = new Y.Doc()
  doc.clientID = clientOf.get(s)!
  doc.getMap('m').set(s, true)
  return Y.encodeStateAsUpdate(doc)
}
/** The strings in a loaded state, in order of their clients. */
const contents = (state: Uint8Array): string[] => {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, state)
  const items = (doc.getMap('m') as unknown as { _map: Map<string, { id: { client: number } }> })._map
  return [...items.entries()].sort((a, b) => a[1].id.client - b[1].id.client).map(([key]) => key)
}
const records = (...payloads: string[]) => Buffer.concat(payloads.map((p) => encodeRecord(enc(p))))
const recordBytes = (...payloads: string[]) => records(...payloads).length

let dataDir: string
let dir: string
let store: FileDocStore

beforeEach(() => {
  clientOf.clear()
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'filedocstore-'))
  dir = path.join(dataDir, 'reports', ID)
  store = new FileDocStore(dataDir)
})

afterEach(() => {
  vi.restoreAllMocks()
  rmSync(dataDir, { recursive: true, force: true })
})

/** Lays out a report folder by hand (crash states). */
function layout(files: Record<string, Buffer>): void {
  mkdirSync(dir, { recursive: true })
  for (const [name, data] of Object.entries(files)) writeFileSync(path.join(dir, name), data)
}

function hashes(): Record<string, string> {
  const out: Record<string, string> = {}
  for (const name of readdirSync(dir).sort()) out[name] = createHash('sha256').update(readFileSync(path.join(dir, name))).digest('hex')
  return out
}

const names = () => readdirSync(dir).sort()

async function expectLoadFailsUntouched(): Promise<void> {
  const before = hashes()
  await expect(store.open(ID)).rejects.toBeInstanceOf(StorageLoadError)
  await quietPeriod(20, 'a write started by the failed load (a repair, a cleanup) would have landed')
  expect(hashes()).toEqual(before)
}

/** Whether an open descriptor of this process writes durably (O_DSYNC, as the kernel reports it in fdinfo). */
function isDsync(fd: number): boolean {
  const flags = /^flags:\s+([0-7]+)$/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'))?.[1]
  return (Number.parseInt(flags ?? '0', 8) & fsConstants.O_DSYNC) !== 0
}

/** The prototype of fs/promises FileHandle, to count writes and fsyncs. */
async function fileHandlePrototype(): Promise<{ write: (...a: unknown[]) => unknown }> {
  const probe = path.join(dataDir, 'probe')
  writeFileSync(probe, '')
  const fh = await fsp.open(probe, 'r')
  const proto = Object.getPrototypeOf(fh) as { write: (...a: unknown[]) => unknown }
  await fh.close()
  return proto
}

describe('FileDocStore', () => {
  describe('create and append', () => {
    it('create stores the initial state as snap-1.bin; open returns it with an empty log', async () => {
      await store.create(ID, enc('initial'))
      expect(names()).toEqual(['snap-1.bin'])
      expect(readFileSync(path.join(dir, 'snap-1.bin'))).toEqual(records('initial'))
      const h = await store.open(ID)
      expect(contents(h.state)).toEqual(['initial'])
      expect(h.logBytes).toBe(0)
      await h.close()
    })

    it('create never overwrites an existing report', async () => {
      await store.create(ID, enc('initial'))
      const before = hashes()
      await expect(store.create(ID, enc('other'))).rejects.toThrow()
      expect(hashes()).toEqual(before)
    })

    it('refuses ids that would leave the reports folder', async () => {
      for (const bad of ['../escape', '..', 'a/b', '']) {
        await expect(store.create(bad, enc('x'))).rejects.toThrow()
        await expect(store.open(bad)).rejects.toThrow()
      }
      expect(readdirSync(dataDir).filter((n) => n !== 'reports')).toEqual([])
      if (existsSync(path.join(dataDir, 'reports'))) expect(readdirSync(path.join(dataDir, 'reports'))).toEqual([])
    })

    it('appended updates come back in order after reopening, counted in logBytes', async () => {
      await store.create(ID, enc('initial'))
      let h = await store.open(ID)
      for (const u of ['a', 'bb', 'ccc']) await h.append(enc(u))
      expect(h.logBytes).toBe(recordBytes('a', 'bb', 'ccc'))
      await h.close()
      expect(readFileSync(path.join(dir, 'log-1.bin'))).toEqual(records('a', 'bb', 'ccc'))
      h = await store.open(ID)
      expect(contents(h.state)).toEqual(['initial', 'a', 'bb', 'ccc'])
      expect(h.logBytes).toBe(recordBytes('a', 'bb', 'ccc'))
      await h.append(enc('d'))
      await h.close()
      h = await store.open(ID)
      expect(contents(h.state)).toEqual(['initial', 'a', 'bb', 'ccc', 'd'])
      await h.close()
    })

    it('group commit: appends made in one tick share one durable (O_DSYNC) write', async () => {
      await store.create(ID, enc('initial'))
      const h = await store.open(ID)
      const proto = await fileHandlePrototype()
      const writes = vi.spyOn(proto, 'write')
      const payloads = Array.from({ length: 50 }, (_, i) => `update-${i}`)
      const seen: number[] = []
      const promises = payloads.map((p) => h.append(enc(p)).then(() => seen.push(h.logBytes)))
      await Promise.all(promises)
      expect(writes).toHaveBeenCalledTimes(1)
      // The write is the fsync: the log's descriptor is O_DSYNC, so the write
      // returned only once the data was on disk.
      const logFd = (writes.mock.contexts[0] as fsp.FileHandle).fd
      expect(isDsync(logFd)).toBe(true)
      // Every append resolved only when the whole batch was on disk.
      expect(new Set(seen)).toEqual(new Set([recordBytes(...payloads)]))

      // The next tick's appends form the next batch.
      await Promise.all([h.append(enc('x')), h.append(enc('y'))])
      expect(writes).toHaveBeenCalledTimes(2)
      expect(h.logBytes).toBe(recordBytes(...payloads, 'x', 'y'))
      await h.close()
      const again = await store.open(ID)
      expect(contents(again.state)).toEqual(['initial', ...payloads, 'x', 'y'])
      await again.close()
    })

    it('appends queued while a flush is running are written after it, in order', async () => {
      await store.create(ID, enc('initial'))
      const h = await store.open(ID)
      const first = h.append(enc('1'))
      await Promise.resolve()
      const second = h.append(enc('2'))
      setImmediate(() => void h.append(enc('3')))
      await Promise.all([first, second])
      await new Promise((r) => setImmediate(r))
      await h.idle()
      await h.close()
      const again = await store.open(ID)
      expect(contents(again.state)).toEqual(['initial', '1', '2', '3'])
      await again.close()
    })

    it('a closed handle refuses appends', async () => {
      await store.create(ID, enc('initial'))
      const h = await store.open(ID)
      await h.close()
      await expect(h.append(enc('late'))).rejects.toThrow()
    })
  })

  describe('torn tails', () => {
    const tails: [string, Buffer][] = [
      ['a few bytes', Buffer.from([1, 2, 3])],
      ['a header without payload', Buffer.concat([encodeRecord(enc('lost update')).subarray(0, RECORD_HEADER_BYTES)])],
      ['a record cut in its payload', encodeRecord(enc('lost update')).subarray(0, 14)],
      ['a whole record with a bad checksum', (() => {
        const r = Buffer.from(encodeRecord(enc('lost update')))
        flip(r, RECORD_HEADER_BYTES, 0xff)
        return r
      })()],
    ]
    for (const [name, tail] of tails) {
      it(`${name}: loads without it, copies it to log-N.bin.torn-*, cuts the log back, appends continue`, async () => {
        layout({ 'snap-1.bin': records('initial'), 'log-1.bin': Buffer.concat([records('a', 'b'), tail]) })
        const h = await store.open(ID)
        expect(contents(h.state)).toEqual(['initial', 'a', 'b'])
        expect(h.logBytes).toBe(recordBytes('a', 'b'))
        expect(statSync(path.join(dir, 'log-1.bin')).size).toBe(recordBytes('a', 'b'))
        const torn = names().filter((n) => n.startsWith('log-1.bin.torn-'))
        expect(torn).toHaveLength(1)
        expect(readFileSync(path.join(dir, torn[0]!))).toEqual(tail)
        await h.append(enc('c'))
        await h.close()
        const again = await store.open(ID)
        expect(contents(again.state)).toEqual(['initial', 'a', 'b', 'c'])
        await again.close()
      })
    }

    // KNOWN BUG (see report): 8 zero bytes decode as a valid empty record
    // (length 0, crc32 of nothing = 0), so a log whose end was extended with
    // zeros by a crash loads "records" that are not Yjs updates, and the room
    // then fails to load. Flip to `it` once fixed.
    it('a zero-filled tail (size extended, data never written) is a torn tail', async () => {
      layout({ 'snap-1.bin': records('initial'), 'log-1.bin': Buffer.concat([records('a', 'b'), Buffer.alloc(64)]) })
      const h = await store.open(ID)
      expect(contents(h.state)).toEqual(['initial', 'a', 'b'])
      await h.close()
    })
  })

  describe('damaged data is a StorageLoadError and no file is touched', () => {
    it('damage in the middle of the log', async () => {
      const log = records('a', 'b', 'c')
      flip(log, RECORD_HEADER_BYTES, 0x01) // first payload byte of the first record
      layout({ 'snap-1.bin': records('initial'), 'log-1.bin': log })
      await expectLoadFailsUntouched()
    })

    it('a damaged snapshot', async () => {
      const snap = records('initial state')
      flip(snap, RECORD_HEADER_BYTES + 3, 0x10)
      layout({ 'snap-1.bin': snap, 'log-1.bin': records('a') })
      await expectLoadFailsUntouched()
    })

    it('a cut snapshot, and a snapshot of two records', async () => {
      layout({ 'snap-1.bin': records('initial').subarray(0, 10) })
      await expectLoadFailsUntouched()
      layout({ 'snap-1.bin': records('one', 'two') })
      await expectLoadFailsUntouched()
    })

    it('no snapshot, or no folder at all', async () => {
      layout({ 'log-1.bin': records('a') })
      await expectLoadFailsUntouched()
      await expect(store.open('rzzzzzzzzzzzzzzzzzzzz')).rejects.toBeInstanceOf(StorageLoadError)
      expect(existsSync(path.join(dataDir, 'reports', 'rzzzzzzzzzzzzzzzzzzzz'))).toBe(false)
    })

    it('a failed load does not repair torn tails or remove leftovers elsewhere', async () => {
      const damaged = records('a', 'b')
      flip(damaged, RECORD_HEADER_BYTES, 0x01)
      layout({
        'snap-1.bin': records('initial'),
        'log-1.bin': damaged,
        'log-2.bin': Buffer.concat([records('c'), Buffer.from([9, 9, 9])]),
        'snap-2.tmp': Buffer.from('half a snapshot'),
      })
      await expectLoadFailsUntouched()
      expect(names()).toEqual(['log-1.bin', 'log-2.bin', 'snap-1.bin', 'snap-2.tmp'])
    })
  })

  describe('compaction', () => {
    it('replaces snapshot and log by snap-(g+1); the next load reads only it; appends go to log-(g+1)', async () => {
      await store.create(ID, enc('initial'))
      const h = await store.open(ID)
      await h.append(enc('a'))
      await h.compact(enc('state after a'))
      expect(h.logBytes).toBe(0)
      expect(names()).toEqual(['snap-2.bin'])
      await h.append(enc('b'))
      expect(names()).toEqual(['log-2.bin', 'snap-2.bin'])
      await h.close()
      const again = await store.open(ID)
      expect(contents(again.state)).toEqual(['state after a', 'b'])
      await again.close()
    })

    it('crash state (i): a leftover snap-N.tmp is ignored and removed', async () => {
      layout({ 'snap-1.bin': records('initial'), 'log-1.bin': records('a'), 'snap-2.tmp': records('partial') })
      const h = await store.open(ID)
      expect(contents(h.state)).toEqual(['initial', 'a'])
      expect(names()).toEqual(['log-1.bin', 'snap-1.bin'])
      await h.append(enc('b'))
      await h.close()
      expect(readFileSync(path.join(dir, 'log-1.bin'))).toEqual(records('a', 'b'))
    })

    it('crash state (ii): new snapshot renamed, old generation still there → loads the new one, drops the old', async () => {
      layout({ 'snap-1.bin': records('initial'), 'log-1.bin': records('a', 'b'), 'snap-2.bin': records('state after b') })
      const h = await store.open(ID)
      expect(contents(h.state)).toEqual(['state after b'])
      expect(h.logBytes).toBe(0)
      await h.idle()
      expect(names()).toEqual(['snap-2.bin'])
      await h.append(enc('c'))
      await h.close()
      expect(names()).toEqual(['log-2.bin', 'snap-2.bin'])
      const again = await store.open(ID)
      expect(contents(again.state)).toEqual(['state after b', 'c'])
      await again.close()
    })

    it('crash state (iii): snapshot g+1 missing but log g+1 present → snap g + log g + log g+1, in order', async () => {
      layout({ 'snap-1.bin': records('initial'), 'log-1.bin': records('a', 'b'), 'log-2.bin': records('c', 'd') })
      const h = await store.open(ID)
      expect(contents(h.state)).toEqual(['initial', 'a', 'b', 'c', 'd'])
      expect(h.logBytes).toBe(recordBytes('c', 'd'))
      await h.append(enc('e'))
      await h.close()
      expect(readFileSync(path.join(dir, 'log-1.bin'))).toEqual(records('a', 'b'))
      expect(readFileSync(path.join(dir, 'log-2.bin'))).toEqual(records('c', 'd', 'e'))
      const again = await store.open(ID)
      expect(contents(again.state)).toEqual(['initial', 'a', 'b', 'c', 'd', 'e'])
      await again.close()
    })

    it('a log older than the newest snapshot is not loaded', async () => {
      layout({ 'snap-2.bin': records('state'), 'log-1.bin': records('old'), 'log-2.bin': records('new') })
      const h = await store.open(ID)
      expect(contents(h.state)).toEqual(['state', 'new'])
      await h.close()
    })

    it('compaction after a torn load keeps the torn copy and drops the old generation', async () => {
      layout({ 'snap-1.bin': records('initial'), 'log-1.bin': Buffer.concat([records('a'), Buffer.from([7, 7])]) })
      const h = await store.open(ID)
      await h.compact(enc('compacted'))
      await h.close()
      const left = names()
      expect(left).toContain('snap-2.bin')
      expect(left).not.toContain('snap-1.bin')
      expect(left).not.toContain('log-1.bin')
      expect(left.filter((n) => n.includes('.torn-'))).toHaveLength(1)
      const again = await store.open(ID)
      expect(contents(again.state)).toEqual(['compacted'])
      await again.close()
    })
  })
})

/** XORs one byte in place (a simulated bit rot). */
function flip(buf: Uint8Array, index: number, mask: number): void {
  buf[index] = buf[index]! ^ mask
}

describe('FileDocStore commit window', () => {
  it('appends within the window share one durable write; idle and close wait for the window', async () => {
    const windowed = new FileDocStore(dataDir, { commitWindowMs: 40 })
    await windowed.create(ID, enc('initial'))
    const h = await windowed.open(ID)
    const proto = await fileHandlePrototype()
    const writes = vi.spyOn(proto, 'write')
    const first = h.append(enc('a'))
    await new Promise((r) => setTimeout(r, 10))
    const second = h.append(enc('b')) // later, but inside the window
    let done = false
    void first.then(() => (done = true))
    await new Promise((r) => setTimeout(r, 15))
    expect(done).toBe(false) // not acknowledged before the fsync
    await Promise.all([first, second])
    expect(writes).toHaveBeenCalledTimes(1)
    const third = h.append(enc('c'))
    await h.close() // must not close before the windowed batch is written
    await third
    const again = await windowed.open(ID)
    expect(contents(again.state)).toEqual(['initial', 'a', 'b', 'c'])
  })
})
