/**
 * What every SnapshotStore does, whatever it stores in: one suite, run
 * against each backend by SnapshotStore.contract.test.ts. A backend that
 * several processes share (`shared`) also proves that writes through two
 * instances at once are all kept in order and pruned to `keep`.
 */
import type { JSONContent } from '@tiptap/core'
import { describe, expect, it } from 'vitest'
import { CURRENT_SCHEMA_VERSION } from '@schema/document/migrateDocument'
import { newReportId } from '../comments/commentStoreContract'
import { isSnapshotId, type SnapshotStore } from './SnapshotStore'

export interface SnapshotStoreBackend {
  /** A store on this backend's storage, keeping `keep` snapshots per report. */
  open(keep: number): SnapshotStore
  /** Whether several store instances (processes) may write the same storage at once. */
  shared: boolean
}

const body = (text: string): JSONContent => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] })

export function snapshotStoreContract(name: string, backend: () => SnapshotStoreBackend): void {
  describe(`SnapshotStore contract: ${name}`, () => {
    it('stores snapshots with time-ordered ids, lists them newest first, also through another instance', async () => {
      const b = backend()
      const store = b.open(10)
      const id = newReportId()
      const at = new Date('2026-11-20T08:00:00Z')
      const a = (await store.write({ reportId: id, reason: 'auto', content: body('a "x" \\ 中 \u0000 end'), authors: ['李娜', '王磊', '李娜'], at }))!
      const c = (await store.write({ reportId: id, reason: 'close', content: body('b'), authors: [], at }))! // same millisecond
      expect(isSnapshotId(a.id) && isSnapshotId(c.id)).toBe(true)
      expect(c.id > a.id).toBe(true)
      expect(a).toMatchObject({ reportId: id, at: at.toISOString(), reason: 'auto', authors: ['李娜', '王磊'], schemaVersion: CURRENT_SCHEMA_VERSION })
      const expected = [
        { id: c.id, at: c.at, reason: 'close', authors: [], sha256: c.sha256 },
        { id: a.id, at: a.at, reason: 'auto', authors: ['李娜', '王磊'], sha256: a.sha256 },
      ]
      expect(await store.list(id)).toEqual(expected)
      expect(await b.open(10).list(id)).toEqual(expected)
      expect(await b.open(10).get(id, a.id)).toEqual(a)
    })

    it('skips a body equal to the latest one (whatever its key order) only when asked to', async () => {
      const store = backend().open(10)
      const id = newReportId()
      await store.write({ reportId: id, reason: 'auto', content: body('same'), authors: [] })
      const reordered = { content: [{ content: [{ text: 'same', type: 'text' }], type: 'paragraph' }], type: 'doc' }
      expect(await store.write({ reportId: id, reason: 'auto', content: reordered, authors: [], skipIfUnchanged: true })).toBeNull()
      expect(await store.write({ reportId: id, reason: 'before_restore', content: body('same'), authors: [] })).not.toBeNull()
      expect(await store.list(id)).toHaveLength(2)
    })

    it('keeps at most `keep`, pruning the oldest automatic ones before states saved ahead of a restore', async () => {
      const store = backend().open(3)
      const id = newReportId()
      const first = (await store.write({ reportId: id, reason: 'before_restore', content: body('0'), authors: [] }))!
      const ids: string[] = []
      for (let i = 1; i <= 4; i++) ids.push((await store.write({ reportId: id, reason: i % 2 ? 'auto' : 'close', content: body(String(i)), authors: [] }))!.id)
      expect((await store.list(id)).map((s) => s.id)).toEqual([ids[3], ids[2], first.id])
      expect(await store.get(id, ids[0]!)).toBeUndefined()
      for (let i = 0; i < 3; i++) await store.write({ reportId: id, reason: 'before_restore', content: body(`r${i}`), authors: [] })
      const list = await store.list(id)
      expect(list).toHaveLength(3)
      expect(list.every((s) => s.reason === 'before_restore')).toBe(true)
      expect(list.some((s) => s.id === first.id)).toBe(false)
    })

    it('refuses bad report ids at once, answers undefined for bad or unknown snapshot ids', async () => {
      const store = backend().open(10)
      const id = newReportId()
      expect(() => store.write({ reportId: '../meta', reason: 'auto', content: body('x'), authors: [] })).toThrow(/invalid report id/)
      await expect(store.list('../../etc')).rejects.toThrow(/invalid report id/)
      expect(await store.get(id, '../../meta')).toBeUndefined()
      expect(await store.get(id, 's1700000000000abcd')).toBeUndefined()
      expect(await store.list(id)).toEqual([])
    })

    it('idle() waits for writes started before it; list() sees them', async () => {
      const store = backend().open(50)
      const id = newReportId()
      const writes = Array.from({ length: 8 }, (_, i) => store.write({ reportId: id, reason: 'auto', content: body(`w${i}`), authors: [] }))
      const listed = await store.list(id)
      expect(listed).toHaveLength(8)
      await store.idle()
      const written = await Promise.all(writes)
      expect(listed.map((s) => s.id)).toEqual(written.map((s) => s!.id).reverse())
    })

    it('two instances writing one report at once: every snapshot lands in order, pruned to keep', async (ctx) => {
      const b = backend()
      if (!b.shared) return ctx.skip()
      const [one, two] = [b.open(6), b.open(6)]
      const id = newReportId()
      const written = await Promise.all(
        Array.from({ length: 10 }, (_, i) => [
          one.write({ reportId: id, reason: 'auto', content: body(`one ${i}`), authors: [] }),
          two.write({ reportId: id, reason: 'auto', content: body(`two ${i}`), authors: [] }),
        ]).flat(),
      )
      expect(new Set(written.map((s) => s!.id)).size).toBe(20)
      const list = await one.list(id)
      expect(list).toHaveLength(6)
      const newest = written.map((s) => s!.id).sort().reverse().slice(0, 6)
      expect(list.map((s) => s.id)).toEqual(newest)
    })
  })
}
