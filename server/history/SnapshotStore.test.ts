import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { JSONContent } from '@tiptap/core'
import { FileSnapshotStore } from './FileSnapshotStore'
import { isSnapshotId } from './SnapshotStore'

const REPORT = 'rabcdefghijklmnopqrst'
const body = (text: string): JSONContent => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] })

const dirs: string[] = []
const tempDir = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'snapshots-'))
  dirs.push(dir)
  return dir
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

describe('FileSnapshotStore', () => {
  it('stores snapshots with time-ordered ids and lists them newest first, also after a restart', async () => {
    const dir = tempDir()
    const store = new FileSnapshotStore(dir, { keep: 10 })
    const at = new Date('2026-11-20T08:00:00Z')
    const a = await store.write({ reportId: REPORT, reason: 'auto', content: body('a'), authors: ['李娜', '王磊', '李娜'], at })
    const b = await store.write({ reportId: REPORT, reason: 'auto', content: body('b'), authors: [], at }) // same millisecond
    expect(isSnapshotId(a!.id) && isSnapshotId(b!.id)).toBe(true)
    expect(b!.id > a!.id).toBe(true)
    expect(a!.authors).toEqual(['李娜', '王磊'])
    expect((await store.list(REPORT)).map((s) => s.id)).toEqual([b!.id, a!.id])
    expect((await store.get(REPORT, a!.id))?.content).toEqual(body('a'))

    const reopened = new FileSnapshotStore(dir, { keep: 10 })
    expect((await reopened.list(REPORT)).map((s) => s.id)).toEqual([b!.id, a!.id])
    expect(readdirSync(path.join(dir, 'snapshots', REPORT)).filter((n) => n.endsWith('.tmp'))).toEqual([])
  })

  it('skips a body equal to the latest snapshot only when asked to', async () => {
    const store = new FileSnapshotStore(tempDir(), { keep: 10 })
    await store.write({ reportId: REPORT, reason: 'auto', content: body('same'), authors: [] })
    expect(await store.write({ reportId: REPORT, reason: 'auto', content: body('same'), authors: [], skipIfUnchanged: true })).toBeNull()
    expect(await store.write({ reportId: REPORT, reason: 'before_restore', content: body('same'), authors: [] })).not.toBeNull()
    expect(await store.list(REPORT)).toHaveLength(2)
  })

  it('keeps at most `keep` per report, pruning the oldest automatic ones before states saved ahead of a restore', async () => {
    const store = new FileSnapshotStore(tempDir(), { keep: 3 })
    const first = await store.write({ reportId: REPORT, reason: 'before_restore', content: body('0'), authors: [] })
    const ids: string[] = []
    for (let i = 1; i <= 4; i++) ids.push((await store.write({ reportId: REPORT, reason: i % 2 ? 'auto' : 'close', content: body(String(i)), authors: [] }))!.id)
    const list = await store.list(REPORT)
    expect(list.map((s) => s.id)).toEqual([ids[3], ids[2], first!.id])
    expect(await store.get(REPORT, ids[0]!)).toBeUndefined()

    // Only pre-restore states left over the limit: the oldest of them goes.
    for (let i = 0; i < 3; i++) await store.write({ reportId: REPORT, reason: 'before_restore', content: body(`r${i}`), authors: [] })
    expect((await store.list(REPORT)).every((s) => s.reason === 'before_restore')).toBe(true)
    expect((await store.list(REPORT)).some((s) => s.id === first!.id)).toBe(false)
  })

  it('refuses bad report ids before touching the disk, answers undefined for bad snapshot ids, skips damaged files', async () => {
    const dir = tempDir()
    const store = new FileSnapshotStore(dir, { keep: 10 })
    expect(() => store.write({ reportId: '../meta', reason: 'auto', content: body('x'), authors: [] })).toThrow(/invalid report id/)
    await expect(store.list('../../etc')).rejects.toThrow(/invalid report id/)
    expect(await store.get(REPORT, '../../meta')).toBeUndefined()
    expect(await store.get(REPORT, 's1700000000000abcd')).toBeUndefined()

    const good = await store.write({ reportId: REPORT, reason: 'auto', content: body('ok'), authors: [] })
    writeFileSync(path.join(dir, 'snapshots', REPORT, 's0000000000001aaaa.json'), '{ torn')
    const fresh = new FileSnapshotStore(dir, { keep: 10 })
    expect((await fresh.list(REPORT)).map((s) => s.id)).toEqual([good!.id])
    await expect(fresh.get(REPORT, 's0000000000001aaaa')).rejects.toThrow()
  })
})
