/**
 * What every CellHistoryStore does, whatever it stores in: one suite, run
 * against each backend by CellHistoryStore.contract.test.ts.
 */
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { storageErrorResponse } from '../http/storageErrorResponse'
import { StorageReadError } from '../storage/storageErrors'
import type { CellHistoryEntry, CellHistoryStore } from './CellHistoryStore'

export interface CellHistoryStoreBackend {
  /** A store on this backend's storage. */
  open(): CellHistoryStore
  /** Leaves a torn entry at the end of the report's record (a crash mid-append), where the backend can have one. */
  tear?(reportId: string): Promise<void>
  /** Whether several store instances (processes) may append to the same storage at once. */
  shared: boolean
  /** A store whose storage refuses every read and write. */
  broken(): CellHistoryStore
}

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567'
/** A fresh report id per test. */
export const newReportId = (): string => 'r' + [...randomBytes(20)].map((b) => BASE32[b & 31]).join('')

let clock = Date.parse('2026-11-03T09:12:00.000Z')
export const entry = (blockId: string, field: string, from: string | null, to: string | null, by: CellHistoryEntry['by'] = { kind: 'user', id: 'uaaaaaaaaaaaaaaaaaaaa', name: '李霞' }): CellHistoryEntry => ({
  at: new Date(clock++).toISOString(),
  by,
  blockId,
  field,
  from,
  to,
})
const withoutBlock = ({ blockId: _, ...change }: CellHistoryEntry) => change

export function cellHistoryStoreContract(name: string, backend: () => CellHistoryStoreBackend): void {
  describe(`CellHistoryStore contract: ${name}`, () => {
    it('a block without history reads as empty', async () => {
      expect(await backend().open().read(newReportId(), 'b1')).toEqual([])
    })

    it("appends are read back per block, oldest first, as written (nulls, text, the token's name); another instance reads them", async () => {
      const b = backend()
      const store = b.open()
      const [id, other] = [newReportId(), newReportId()]
      const token = { kind: 'token' as const, id: 'tok1', name: 'BI 日报 "quoted" \\ back' }
      const first = [entry('b1', 'current', null, '612'), entry('b2', 'current', '1', '2'), entry('b1', 'target', '700', null, token)]
      const second = [entry('b1', 'current', '612', '598')]
      await store.append(id, first)
      await store.append(id, second)
      await store.append(other, [entry('b1', 'current', '0', '1')])
      const expected = [first[0]!, first[2]!, second[0]!].map(withoutBlock)
      expect(await store.read(id, 'b1')).toEqual(expected)
      expect(await b.open().read(id, 'b1')).toEqual(expected)
      expect(await store.read(id, 'b2')).toEqual([withoutBlock(first[1]!)])
      expect(await store.read(id, 'b3')).toEqual([])
    })

    it('appends made without waiting keep their order', async () => {
      const store = backend().open()
      const id = newReportId()
      const appends = Array.from({ length: 40 }, (_, i) => [entry('b1', 'current', String(i), String(i + 1)), entry('b1', 'target', String(i), null)])
      await Promise.all(appends.map((batch) => store.append(id, batch)))
      expect(await store.read(id, 'b1')).toEqual(appends.flat().map(withoutBlock))
    })

    it('a torn last entry (a crash mid-append) is skipped; the next append is read whole', async (ctx) => {
      const b = backend()
      if (!b.tear) return ctx.skip()
      const id = newReportId()
      const before = entry('b1', 'current', null, '1')
      await b.open().append(id, [before])
      await b.tear(id)
      const after = entry('b1', 'current', '1', '2')
      const store = b.open() // a restarted process
      await store.append(id, [after])
      expect(await store.read(id, 'b1')).toEqual([withoutBlock(before), withoutBlock(after)])
    })

    it('storage that refuses raises a typed storage error (500 storage_failed at the edge); a read a StorageReadError', async () => {
      const store = backend().broken()
      const id = newReportId()
      const appended = await store.append(id, [entry('b1', 'current', null, '1')]).catch((err: unknown) => err)
      expect(storageErrorResponse(appended)).toMatchObject({ status: 500, code: 'storage_failed' })
      await expect(store.read(id, 'b1')).rejects.toBeInstanceOf(StorageReadError)
    })

    it('refuses a malformed report id', async () => {
      const store = backend().open()
      await expect(async () => store.append('../etc', [entry('b1', 'current', null, '1')])).rejects.toThrow(/invalid report id/)
      await expect(async () => store.read('../etc', 'b1')).rejects.toThrow(/invalid report id/)
    })

    it('two instances appending to one report at once lose nothing', async (ctx) => {
      const b = backend()
      if (!b.shared) return ctx.skip()
      const [one, two] = [b.open(), b.open()]
      const id = newReportId()
      await Promise.all(Array.from({ length: 25 }, (_, i) => [one.append(id, [entry('b1', 'one', null, String(i))]), two.append(id, [entry('b1', 'two', null, String(i))])]).flat())
      const read = await one.read(id, 'b1')
      expect(read).toHaveLength(50)
      // Each instance's own appends in its order.
      for (const field of ['one', 'two']) expect(read.filter((c) => c.field === field).map((c) => c.to)).toEqual(Array.from({ length: 25 }, (_, i) => String(i)))
    })
  })
}
