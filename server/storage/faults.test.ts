/**
 * The storage layer under a failing disk (the STORAGE_FAULT_FILE hook) and
 * after a crash (temp files left behind): what was on disk stays loadable,
 * failed writes leave nothing half-made, leftovers are removed and never read.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { promises as fsp } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as Y from 'yjs'
import { describe, expect, it, vi } from 'vitest'
import { storageErrorResponse } from '../http/storageErrorResponse'
import { StorageLoadError } from './DocStore'
import { storageFault } from './faultInjection'
import { FileDocStore } from './FileDocStore'
import { StorageFullError, storageWriteError, StorageWriteError } from './storageErrors'
import { removeStaleTempFiles } from './tempFiles'
import { writeFileAtomic } from './writeFileAtomic'
import { faultyDataDir } from '../../test/helpers/faultyDataDir'

const ID = 'rfaultsfaultsfaults00'

const data = faultyDataDir('storage-faults-')

const { diskFull, diskFixed } = data

/** A Yjs update that sets key `k` in map `m`. */
function update(k: string): Uint8Array {
  const doc = new Y.Doc()
  doc.getMap('m').set(k, true)
  return Y.encodeStateAsUpdate(doc)
}

function keysOf(state: Uint8Array): string[] {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, state)
  return [...doc.getMap('m').keys()].sort()
}

describe('the fault hook', () => {
  it('is a no-op without STORAGE_FAULT_FILE, or while its file does not exist', () => {
    delete process.env.STORAGE_FAULT_FILE
    expect(storageFault('x')).toBeNull()
    process.env.STORAGE_FAULT_FILE = data.faultFile
    expect(storageFault('x')).toBeNull()
  })

  it('fails with ENOSPC while the file exists, EROFS when it says so', () => {
    diskFull()
    expect(storageFault('x')?.code).toBe('ENOSPC')
    writeFileSync(data.faultFile, 'EROFS')
    expect(storageFault('x')?.code).toBe('EROFS')
  })

  it('types the failure (full disk, refused write), answered 507 storage_full, 500 storage_failed; other errors pass', () => {
    diskFull()
    const full = storageWriteError(storageFault('x'))
    expect(full).toBeInstanceOf(StorageFullError)
    expect(storageErrorResponse(full)).toMatchObject({ status: 507, code: 'storage_full' })
    writeFileSync(data.faultFile, 'EROFS')
    const refused = storageWriteError(storageFault('x'))
    expect(refused).toBeInstanceOf(StorageWriteError)
    expect(storageErrorResponse(refused)).toMatchObject({ status: 500, code: 'storage_failed' })
    expect(storageWriteError(full)).toBe(full)
    const other = new Error('version exists')
    expect(storageWriteError(other)).toBe(other)
  })
})

describe('writeFileAtomic on a full disk', () => {
  it('fails, leaves the old file byte-identical and no temp file', async () => {
    const file = path.join(data.dir, 'thing.json')
    await writeFileAtomic(file, Buffer.from('old'))
    diskFull()
    await expect(writeFileAtomic(file, Buffer.from('new content'))).rejects.toMatchObject({ code: 'ENOSPC' })
    expect(readFileSync(file, 'utf8')).toBe('old')
    expect(readdirSync(data.dir).sort()).toEqual(['FAULT', 'thing.json'])
    diskFixed()
    await writeFileAtomic(file, Buffer.from('new content'))
    expect(readFileSync(file, 'utf8')).toBe('new content')
  })
})

describe('FileDocStore on a full disk', () => {
  it('create fails with 507 and leaves no report folder behind', async () => {
    const store = new FileDocStore(data.dir)
    diskFull()
    const err = await store.create(ID, update('initial')).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(StorageFullError)
    expect(storageErrorResponse(err)).toMatchObject({ status: 507, code: 'storage_full' })
    expect(existsSync(path.join(data.dir, 'reports', ID))).toBe(false)
    diskFixed()
    await store.create(ID, update('initial'))
    const h = await store.open(ID)
    expect(keysOf(h.state)).toEqual(['initial'])
    await h.close()
  })

  it('a failed append lands as a torn tail: earlier appends still load, later ones wait for a snapshot', async () => {
    const store = new FileDocStore(data.dir)
    await store.create(ID, update('initial'))
    const h = await store.open(ID)
    await h.append(update('a'))
    await h.append(update('b'))
    diskFull()
    await expect(h.append(update('c'))).rejects.toMatchObject({ code: 'ENOSPC' })
    // After a failed write the log may miss an update: appends are refused until a snapshot.
    await expect(h.append(update('d'))).rejects.toThrow(/snapshot/)
    await expect(h.compact(mergeKeys('initial', 'a', 'b', 'c', 'd'))).rejects.toMatchObject({ code: 'ENOSPC' })

    // What a crash now would load (on a disk with space again): everything
    // appended before the fault; the torn half is dropped.
    const crashCopy = mkdtempSync(path.join(os.tmpdir(), 'storage-faults-copy-'))
    delete process.env.STORAGE_FAULT_FILE
    try {
      mkdirSync(path.join(crashCopy, 'reports'))
      copyDir(path.join(data.dir, 'reports', ID), path.join(crashCopy, 'reports', ID))
      const reopened = await new FileDocStore(crashCopy).open(ID)
      expect(keysOf(reopened.state)).toEqual(['a', 'b', 'initial'])
      await reopened.close()
    } finally {
      process.env.STORAGE_FAULT_FILE = data.faultFile
      rmSync(crashCopy, { recursive: true, force: true })
    }

    diskFixed()
    await h.compact(mergeKeys('initial', 'a', 'b', 'c', 'd'))
    await h.append(update('e'))
    await h.close()
    const again = await store.open(ID)
    expect(keysOf(again.state)).toEqual(['a', 'b', 'c', 'd', 'e', 'initial'])
    expect(readdirSync(path.join(data.dir, 'reports', ID)).filter((n) => n.endsWith('.tmp'))).toEqual([])
    await again.close()
  })
})

describe('temp files left by a crash', () => {
  it('are removed at boot in every store folder, and nothing else is', async () => {
    const files = {
      'meta.json': '{}',
      'meta.json.tmp': '{ half',
      '.meta.json.tmp': '{ half', // lowdb's steno names its temp file this way
      'reports/r1/snap-2.bin': 'x',
      'reports/r1/snap-3.bin.tmp': 'half',
      'reports/r1/log-2.bin.torn-123': 'kept aside on purpose',
      'versions/r1/v1.json.tmp': 'half',
      'versions/r1/v1.json': '{}',
      'comments/r1.json.tmp': 'half',
      'snapshots/r1/s1.json.tmp': 'half',
    }
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(data.dir, name)), { recursive: true })
      writeFileSync(path.join(data.dir, name), text)
    }
    const removed = await removeStaleTempFiles(data.dir)
    expect(removed.sort()).toEqual(Object.keys(files).filter((n) => n.endsWith('.tmp')).sort())
    for (const name of Object.keys(files)) expect(existsSync(path.join(data.dir, name)), name).toBe(!name.endsWith('.tmp'))
  })
})

function mergeKeys(...keys: string[]): Uint8Array {
  return Y.mergeUpdates(keys.map(update))
}

function copyDir(from: string, to: string): void {
  mkdirSync(to, { recursive: true })
  for (const name of readdirSync(from)) writeFileSync(path.join(to, name), readFileSync(path.join(from, name)))
}

describe('a compaction whose folder fsync fails after the rename', () => {
  it('blocks appends until a snapshot succeeds: an append to the old log would be skipped by the next load', async () => {
    const store = new FileDocStore(data.dir)
    await store.create(ID, update('initial'))
    const h = await store.open(ID)
    await h.append(update('a'))
    // The tmp file's fsync succeeds, the folder's (after the rename) fails.
    const probe = path.join(data.dir, 'probe')
    writeFileSync(probe, '')
    const fh = await fsp.open(probe, 'r')
    const proto = Object.getPrototypeOf(fh) as { sync: () => Promise<void> }
    await fh.close()
    const real = proto.sync
    let calls = 0
    vi.spyOn(proto, 'sync').mockImplementation(function (this: unknown) {
      calls++
      if (calls === 2) return Promise.reject(Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' }))
      return real.call(this)
    })
    await expect(h.compact(mergeKeys('initial', 'a'))).rejects.toMatchObject({ code: 'EIO' })
    vi.restoreAllMocks()
    expect(readdirSync(path.join(data.dir, 'reports', ID)).sort()).toEqual(['log-1.bin', 'snap-1.bin', 'snap-2.bin'])
    await expect(h.append(update('b'))).rejects.toThrow(/snapshot/)
    await h.compact(mergeKeys('initial', 'a', 'b'))
    await h.append(update('c'))
    await h.close()
    const again = await store.open(ID)
    expect(keysOf(again.state)).toEqual(['a', 'b', 'c', 'initial'])
    await again.close()
  })
})

describe('loading a torn log on a full disk', () => {
  it('refuses the load (StorageLoadError) without touching a file, and loads once space returns', async () => {
    const store = new FileDocStore(data.dir)
    await store.create(ID, update('initial'))
    const h = await store.open(ID)
    await h.append(update('a'))
    await h.close()
    const dir = path.join(data.dir, 'reports', ID)
    writeFileSync(path.join(dir, 'log-1.bin'), Buffer.concat([readFileSync(path.join(dir, 'log-1.bin')), Buffer.from([1, 2, 3])]))
    const before = readdirSync(dir).map((n) => [n, readFileSync(path.join(dir, n)).toString('hex')])
    diskFull()
    await expect(store.open(ID)).rejects.toBeInstanceOf(StorageLoadError)
    expect(readdirSync(dir).map((n) => [n, readFileSync(path.join(dir, n)).toString('hex')])).toEqual(before)
    diskFixed()
    const again = await store.open(ID)
    expect(keysOf(again.state)).toEqual(['a', 'initial'])
    await again.close()
  })
})
