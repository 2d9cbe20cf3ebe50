/**
 * meta.json under crashes and a failing disk: temp files are removed and
 * never read, a failed write changes nothing (not even in memory), and the
 * changes still waiting behind a failed one are kept.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { FileMetaStore } from './FileMetaStore'
import type { AuditEntry } from './MetaStore'
import { storageErrorResponse } from '../http/storageErrorResponse'
import { StorageFullError } from '../storage/storageErrors'
import { faultyDataDir } from '../../test/helpers/faultyDataDir'

const data = faultyDataDir('metastore-')

const entry = (action: string): AuditEntry => ({ at: '2026-11-01T00:00:00.000Z', userId: 'u1', action })
const onDisk = () => JSON.parse(readFileSync(path.join(data.dir, 'meta.json'), 'utf8')) as { audit: AuditEntry[] }
const actions = (audit: readonly AuditEntry[]) => audit.map((a) => a.action)

describe('FileMetaStore', () => {
  it('writes durably: the file parses after every update and no temp file stays', async () => {
    const meta = await FileMetaStore.open(data.dir)
    await Promise.all(['a', 'b', 'c'].map((a) => meta.update((d) => void d.audit.push(entry(a)))))
    expect(actions(onDisk().audit)).toEqual(['a', 'b', 'c'])
    expect(readdirSync(data.dir).sort()).toEqual(['meta.json'])
  })

  it('at open removes the temp files a crash left (its own and lowdb steno’s) without reading them', async () => {
    const meta = await FileMetaStore.open(data.dir)
    await meta.update((d) => void d.audit.push(entry('saved')))
    // A crash in the middle of writing the next version of the file.
    writeFileSync(path.join(data.dir, 'meta.json.tmp'), '{"version":1,"users":[],"repo')
    writeFileSync(path.join(data.dir, '.meta.json.tmp'), '{"version":1,"audit":[{"action":"from-tmp"}]}')
    const reopened = await FileMetaStore.open(data.dir)
    expect(actions(reopened.data.audit)).toEqual(['saved'])
    expect(existsSync(path.join(data.dir, 'meta.json.tmp'))).toBe(false)
    expect(existsSync(path.join(data.dir, '.meta.json.tmp'))).toBe(false)
  })

  it('lookups by id follow every change, also one taken back after a failed write', async () => {
    const meta = await FileMetaStore.open(data.dir)
    const member = (role: 'owner' | 'editor' | 'viewer') => ({ reportId: 'r1', userId: 'u1', role })
    expect(meta.roleOf('r1', 'u1')).toBeUndefined() // builds the lookup
    await meta.update((d) => void d.members.push(member('editor')))
    expect(meta.roleOf('r1', 'u1')).toBe('editor')
    await meta.update((d) => {
      d.members[0]!.role = 'viewer'
    })
    expect(meta.roleOf('r1', 'u1')).toBe('viewer')
    writeFileSync(data.faultFile, '')
    const failed = meta.update((d) => {
      d.members.splice(0, 1)
    })
    expect(meta.roleOf('r1', 'u1')).toBeUndefined() // applied in memory while it is written
    await failed.catch(() => undefined)
    rmSync(data.faultFile)
    expect(meta.roleOf('r1', 'u1')).toBe('viewer') // taken back
    expect(meta.roleOf('r1', 'u2')).toBeUndefined()
  })

  it('a write on a full disk rejects with 507 and changes nothing, in memory or on disk', async () => {
    const meta = await FileMetaStore.open(data.dir)
    await meta.update((d) => void d.audit.push(entry('before')))
    const before = readFileSync(path.join(data.dir, 'meta.json'))
    writeFileSync(data.faultFile, '')
    const err = await meta.update((d) => void d.audit.push(entry('lost'))).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(StorageFullError)
    expect(storageErrorResponse(err)).toMatchObject({ status: 507, code: 'storage_full' })
    expect(actions(meta.data.audit)).toEqual(['before'])
    expect(readFileSync(path.join(data.dir, 'meta.json'))).toEqual(before)
    expect(readdirSync(data.dir).sort()).toEqual(['FAULT', 'meta.json'])

    rmSync(data.faultFile)
    await meta.update((d) => void d.audit.push(entry('after')))
    expect(actions(meta.data.audit)).toEqual(['before', 'after'])
    expect(actions(onDisk().audit)).toEqual(['before', 'after'])
  })

  it('changes waiting behind a failed write keep their place and are written by their own write', async () => {
    const meta = await FileMetaStore.open(data.dir)
    writeFileSync(data.faultFile, '')
    // Both are applied in memory at once; the first write carries both and fails.
    const first = meta.update((d) => void d.audit.push(entry('first')))
    const second = meta.update((d) => void d.audit.push(entry('second')))
    expect(actions(meta.data.audit)).toEqual(['first', 'second'])
    await first.catch(() => rmSync(data.faultFile)) // the disk recovers before the second write
    await expect(first).rejects.toBeInstanceOf(StorageFullError)
    await second
    expect(actions(meta.data.audit)).toEqual(['second'])
    expect(actions(onDisk().audit)).toEqual(['second'])
  })

  it('a change that only made sense after the failed one is refused too', async () => {
    const meta = await FileMetaStore.open(data.dir)
    writeFileSync(data.faultFile, '')
    const create = meta.update((d) => void d.audit.push(entry('created')))
    const edit = meta.update((d) => {
      const e = d.audit.find((a) => a.action === 'created')
      if (!e) throw new Error('nothing to edit')
      e.detail = 'edited'
    })
    await create.catch(() => rmSync(data.faultFile))
    await expect(edit).rejects.toBeInstanceOf(StorageFullError)
    expect(meta.data.audit).toEqual([])
    expect(onDisk().audit).toEqual([])
  })
})
