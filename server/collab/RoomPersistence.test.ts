/**
 * RoomPersistence after a failed write: a change is only reported durable
 * once a file holds it, also when it arrives while the recovery snapshot is
 * being written.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { promises as fsp } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as Y from 'yjs'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { DocHandle } from '../storage/DocStore'
import { FileDocStore } from '../storage/FileDocStore'
import { RoomPersistence } from './RoomPersistence'

afterEach(() => {
  vi.restoreAllMocks()
})

/** A DocHandle in memory whose writes fail or stall on command; `stored` is what a reload would see. */
class FakeHandle implements DocHandle {
  readonly state = new Uint8Array([0, 0])
  logBytes = 0
  failAppends = false
  /** While set, compactions wait for it. */
  gate: Promise<void> | null = null
  readonly stored = new Y.Doc()
  compactions = 0
  private broken = false

  async append(update: Uint8Array): Promise<void> {
    await Promise.resolve()
    if (this.failAppends || this.broken) {
      this.broken = true
      throw Object.assign(new Error('ENOSPC: injected'), { code: 'ENOSPC' })
    }
    Y.applyUpdate(this.stored, update)
    this.logBytes += update.length
  }

  async compact(state: Uint8Array): Promise<void> {
    this.compactions++
    await this.gate
    if (this.failAppends) throw Object.assign(new Error('ENOSPC: injected'), { code: 'ENOSPC' })
    Y.applyUpdate(this.stored, state)
    this.broken = false
    this.logBytes = 0
  }

  async idle(): Promise<void> {}
  async close(): Promise<void> {}
}

const tick = () => new Promise((r) => setTimeout(r, 0))

describe('RoomPersistence', () => {
  it('never reports durable a change made while the recovery snapshot was being written', async () => {
    const handle = new FakeHandle()
    const doc = new Y.Doc()
    const text = doc.getText('t')
    /** Each change's text, by sequence number: what must be stored once it is reported durable. */
    const changes: string[] = []
    const violations: string[] = []
    let unsavedCalls = 0
    let failures = 0
    const persistence = new RoomPersistence(handle, doc, {
      compactLogBytes: 1 << 20,
      retryMs: 60_000, // recovery is driven by hand below
      onDurable: (seq) => {
        const stored = handle.stored.getText('t').toString()
        for (let s = 1; s <= seq; s++) if (!stored.includes(changes[s - 1]!)) violations.push(`${changes[s - 1]} reported durable, not stored`)
      },
      onFailed: () => failures++,
      onUnsaved: () => unsavedCalls++,
    })
    doc.on('update', (update: Uint8Array) => persistence.persist(update))
    const type = (s: string) => {
      changes.push(s)
      text.insert(text.length, s)
    }

    type('<1>')
    await tick()
    expect(persistence.durableSeq).toBe(1)

    handle.failAppends = true
    type('<2>') // this append fails
    await tick()
    expect(failures).toBe(1)
    expect(persistence.failed).toBe(true)
    type('<3>') // skipped: waits for the recovery snapshot
    await tick()
    expect(unsavedCalls).toBe(1)

    // The disk recovers; the recovery snapshot is slow, and someone types meanwhile.
    handle.failAppends = false
    let open!: () => void
    handle.gate = new Promise((r) => (open = r))
    const recovery = persistence.compact()
    type('<4>')
    await tick()
    open()
    handle.gate = null
    await recovery
    expect(persistence.failed).toBe(false)
    expect(persistence.durableSeq).toBe(4)
    expect(handle.compactions).toBe(2) // the second one holds <4>

    type('<5>') // appending again
    await tick()
    await tick()
    expect(persistence.durableSeq).toBe(5)
    expect(violations).toEqual([])
    expect(handle.stored.getText('t').toString()).toBe('<1><2><3><4><5>')
    await persistence.close()
  })
})

describe('RoomPersistence group commit', () => {
  it('follows a batch once: the room hears of it once, up to its last change', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'persistence-'))
    try {
      const store = new FileDocStore(dataDir, { commitWindowMs: 20 })
      const id = 'rbatchbatchbatchbatch'
      await store.create(id, Y.encodeStateAsUpdate(new Y.Doc()))
      const handle = await store.open(id)
      const doc = new Y.Doc()
      const durable: number[] = []
      const persistence = new RoomPersistence(handle, doc, { compactLogBytes: 1 << 20, retryMs: 60_000, onDurable: (seq) => durable.push(seq), onFailed: () => {} })
      doc.on('update', (update: Uint8Array) => persistence.persist(update))
      for (let i = 0; i < 5; i++) doc.getText('t').insert(i, 'x') // one window: one write
      await persistence.flush()
      expect(durable).toEqual([5])
      doc.getText('t').insert(0, 'y') // the next window
      await persistence.flush()
      expect(durable).toEqual([5, 6])
      await persistence.close()
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})

describe('RoomPersistence with the file store', () => {
  it('a change in a failed batch that the next snapshot was encoded before is snapshotted again, not acknowledged by a later append', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'persistence-'))
    try {
      const id = 'rpersistpersistpersis'
      const store = new FileDocStore(dataDir) // commit window 0: a batch is queued at once and grows until it starts
      await store.create(id, Y.encodeStateAsUpdate(new Y.Doc()))
      const handle = await store.open(id)
      const doc = new Y.Doc()
      const text = doc.getText('t')
      const changes: string[] = []
      const violations: string[] = []
      const onDisk = async () => {
        const probe = path.join(dataDir, 'probe')
        // A copy of the live folder: a compaction may remove a generation
        // while it is copied; the copy is then taken again.
        for (let attempt = 0; ; attempt++) {
          await fsp.rm(probe, { recursive: true, force: true })
          try {
            await fsp.cp(path.join(dataDir, 'reports'), path.join(probe, 'reports'), { recursive: true })
            break
          } catch (err) {
            if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= 10) throw err
          }
        }
        const h = await new FileDocStore(probe).open(id)
        const d = new Y.Doc()
        Y.applyUpdate(d, h.state)
        await h.close()
        return d.getText('t').toString()
      }
      let durableChecks = Promise.resolve()
      const persistence = new RoomPersistence(handle, doc, {
        compactLogBytes: 1 << 20,
        retryMs: 60_000,
        onDurable: (seq) => {
          const expected = changes.slice(0, seq)
          durableChecks = durableChecks.then(async () => {
            const stored = await onDisk()
            for (const c of expected) if (!stored.includes(c)) violations.push(`${c} reported durable (seq ${seq}), not on disk`)
          })
        },
        onFailed: () => {},
      })
      doc.on('update', (update: Uint8Array) => persistence.persist(update))
      const type = (s: string) => {
        changes.push(s)
        text.insert(text.length, s)
      }

      // The first log write fails (a full disk); the snapshot after it succeeds.
      const probeFile = path.join(dataDir, 'fh-probe')
      writeFileSync(probeFile, '')
      const fh = await fsp.open(probeFile, 'r')
      const proto = Object.getPrototypeOf(fh) as { write: (...a: unknown[]) => Promise<unknown> }
      await fh.close()
      vi.spyOn(proto, 'write').mockImplementationOnce(async () => {
        throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' })
      })

      // One tick: <1> starts a batch; a compaction is encoded (holding <1>) and queued after it;
      // <2> joins the batch that has not started yet.
      type('<1>')
      const compaction = persistence.compact()
      type('<2>')
      await compaction
      await handle.idle().catch(() => {}) // the failed batch has settled
      type('<3>') // a later append that succeeds
      await handle.idle() // written: its acknowledgement (onDurable) has been given
      await persistence.flush()
      await durableChecks
      expect(violations).toEqual([])
      expect(persistence.durableSeq).toBe(3)
      expect(await onDisk()).toBe('<1><2><3>')
      await persistence.close()
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
