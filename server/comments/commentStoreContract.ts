/**
 * What every CommentStore does, whatever it stores in: one suite, run
 * against each backend by CommentStore.contract.test.ts. A backend that
 * several processes share (`shared`) also proves that changes through two
 * store instances on the same storage never lose one another.
 */
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { storageErrorResponse } from '../http/storageErrorResponse'
import { StorageReadError, StorageWriteError } from '../storage/storageErrors'
import type { CommentStore, ThreadRecord } from './CommentStore'

export interface CommentStoreBackend {
  /** A store on this backend's storage. */
  open(): CommentStore
  /** Makes the stored record of `reportId` unreadable (damaged file, foreign row). */
  damage(reportId: string): Promise<void>
  /** Whether several store instances (processes) may change the same storage at once. */
  shared: boolean
  /** A store whose storage refuses every read and write (a file where its folder should be, a database that is not there). */
  broken(): CommentStore
}

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567'
/** A fresh report id per test, so tests never see each other's records. */
export const newReportId = (): string => 'r' + [...randomBytes(20)].map((b) => BASE32[b & 31]).join('')

export const thread = (id: string, resolved = false): ThreadRecord => ({
  id,
  anchor: { blockId: `block-${id}`, quote: 'q' },
  createdBy: 'u1',
  createdAt: '2026-11-26T00:00:00.000Z',
  resolved,
  resolvedBy: null,
  resolvedAt: null,
  comments: [{ id: `c-${id}`, authorId: 'u1', body: '评论 "quoted" \\ back \u0000 nul', mentions: ['u2'], createdAt: '2026-11-26T00:00:00.000Z', editedAt: null, deleted: false }],
})

export function commentStoreContract(name: string, backend: () => CommentStoreBackend): void {
  describe(`CommentStore contract: ${name}`, () => {
    it('a report without comments reads as empty, version 1', async () => {
      const store = backend().open()
      expect(await store.read(newReportId())).toEqual({ version: 1, threads: [], reads: {} })
    })

    it('mutate stores the change, answers its result and counts rev up; another instance reads it', async () => {
      const b = backend()
      const store = b.open()
      const id = newReportId()
      expect(await store.mutate(id, (f) => f.threads.push(thread('t1')))).toBe(1)
      await store.mutate(id, (f) => {
        f.reads.u2 = ['c-t1']
        f.threads.push(thread('t2', true))
      })
      const read = await b.open().read(id)
      expect(read.rev).toBe(2)
      expect(read.threads).toEqual([thread('t1'), thread('t2', true)])
      expect(read.reads).toEqual({ u2: ['c-t1'] })
      expect(await store.openThreads(id)).toEqual([{ id: 't1', blockId: 'block-t1' }])
    })

    it('a change that throws writes nothing, and its error comes back as it was thrown', async () => {
      const store = backend().open()
      const id = newReportId()
      await store.mutate(id, (f) => f.threads.push(thread('t1')))
      const refused = new RangeError('refused')
      await expect(
        store.mutate(id, (f) => {
          f.threads.push(thread('t2'))
          throw refused
        }),
      ).rejects.toBe(refused)
      const after = await store.read(id)
      expect(after.threads.map((t) => t.id)).toEqual(['t1'])
      expect(after.rev).toBe(1)
    })

    it('concurrent changes through one instance all land, rev counts every one', async () => {
      const store = backend().open()
      const id = newReportId()
      await Promise.all(Array.from({ length: 30 }, (_, i) => store.mutate(id, (f) => f.threads.push(thread(`t${i}`)))))
      await store.idle()
      const read = await store.read(id)
      expect(read.threads.map((t) => t.id).sort()).toEqual(Array.from({ length: 30 }, (_, i) => `t${i}`).sort())
      expect(read.rev).toBe(30)
    })

    it('an unreadable record is reported as StorageReadError and left untouched by changes', async () => {
      const b = backend()
      const store = b.open()
      const id = newReportId()
      await store.mutate(id, (f) => f.threads.push(thread('t1')))
      await b.damage(id)
      await expect(store.read(id)).rejects.toBeInstanceOf(StorageReadError)
      await expect(store.mutate(id, (f) => f.threads.push(thread('t2')))).rejects.toBeInstanceOf(StorageReadError)
      await expect(store.read(id)).rejects.toBeInstanceOf(StorageReadError)
    })

    it('storage that refuses raises a typed storage error (500 storage_failed at the edge); a read a StorageReadError', async () => {
      const store = backend().broken()
      const id = newReportId()
      const changed = await store.mutate(id, (f) => f.threads.push(thread('t1'))).catch((err: unknown) => err)
      // The file store reads before it writes, so its change fails reading (StorageReadError); a database one fails in its transaction.
      expect(changed instanceof StorageWriteError || changed instanceof StorageReadError, String(changed)).toBe(true)
      expect(storageErrorResponse(changed)).toMatchObject({ status: 500, code: 'storage_failed' })
      await expect(store.read(id)).rejects.toBeInstanceOf(StorageReadError)
    })

    it('refuses a malformed report id', async () => {
      const store = backend().open()
      await expect(async () => store.mutate('../etc', () => undefined)).rejects.toThrow(/invalid report id/)
      await expect(async () => store.read('../etc')).rejects.toThrow(/invalid report id/)
    })

    it('two instances changing one report at once lose nothing (50 increments each)', async (ctx) => {
      const b = backend()
      if (!b.shared) return ctx.skip()
      const [one, two] = [b.open(), b.open()]
      const id = newReportId()
      const increment = (store: CommentStore) =>
        store.mutate(id, (f) => {
          const n = Number(f.reads.counter?.[0] ?? '0')
          f.reads.counter = [String(n + 1)]
          return n + 1
        })
      const answers = await Promise.all(Array.from({ length: 50 }, () => [increment(one), increment(two)]).flat())
      const read = await one.read(id)
      expect(read.reads.counter).toEqual(['100'])
      expect(read.rev).toBe(100)
      expect([...answers].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1))
    })
  })
}
