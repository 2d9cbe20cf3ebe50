/**
 * meta.json under crashes and a failing disk: temp files are removed and
 * never read, a failed write changes nothing (not even in memory), and the
 * changes still waiting behind a failed one are kept.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MetaStore, type AuditEntry } from './MetaStore'

let dataDir: string
let faultFile: string
const savedEnv = process.env.STORAGE_FAULT_FILE

beforeEach(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'metastore-'))
  faultFile = path.join(dataDir, 'FAULT')
  process.env.STORAGE_FAULT_FILE = faultFile
})

afterEach(() => {
  if (savedEnv === undefined) delete process.env.STORAGE_FAULT_FILE
  else process.env.STORAGE_FAULT_FILE = savedEnv
  rmSync(dataDir, { recursive: true, force: true })
})

const entry = (action: string): AuditEntry => ({ at: '2026-11-01T00:00:00.000Z', userId: 'u1', action })
const onDisk = () => JSON.parse(readFileSync(path.join(dataDir, 'meta.json'), 'utf8')) as { audit: AuditEntry[] }
const actions = (audit: readonly AuditEntry[]) => audit.map((a) => a.action)

describe('MetaStore', () => {
  it('writes durably: the file parses after every update and no temp file stays', async () => {
    const meta = await MetaStore.open(dataDir)
    await Promise.all(['a', 'b', 'c'].map((a) => meta.update((d) => void d.audit.push(entry(a)))))
    expect(actions(onDisk().audit)).toEqual(['a', 'b', 'c'])
    expect(readdirSync(dataDir).sort()).toEqual(['meta.json'])
  })

  it('at open removes the temp files a crash left (its own and lowdb steno’s) without reading them', async () => {
    const meta = await MetaStore.open(dataDir)
    await meta.update((d) => void d.audit.push(entry('saved')))
    // A crash in the middle of writing the next version of the file.
    writeFileSync(path.join(dataDir, 'meta.json.tmp'), '{"version":1,"users":[],"repo')
    writeFileSync(path.join(dataDir, '.meta.json.tmp'), '{"version":1,"audit":[{"action":"from-tmp"}]}')
    const reopened = await MetaStore.open(dataDir)
    expect(actions(reopened.data.audit)).toEqual(['saved'])
    expect(existsSync(path.join(dataDir, 'meta.json.tmp'))).toBe(false)
    expect(existsSync(path.join(dataDir, '.meta.json.tmp'))).toBe(false)
  })

  it('a write on a full disk rejects with 507 and changes nothing, in memory or on disk', async () => {
    const meta = await MetaStore.open(dataDir)
    await meta.update((d) => void d.audit.push(entry('before')))
    const before = readFileSync(path.join(dataDir, 'meta.json'))
    writeFileSync(faultFile, '')
    const err = await meta.update((d) => void d.audit.push(entry('lost'))).catch((e: unknown) => e)
    expect(err).toMatchObject({ status: 507, code: 'storage_full' })
    expect(actions(meta.data.audit)).toEqual(['before'])
    expect(readFileSync(path.join(dataDir, 'meta.json'))).toEqual(before)
    expect(readdirSync(dataDir).sort()).toEqual(['FAULT', 'meta.json'])

    rmSync(faultFile)
    await meta.update((d) => void d.audit.push(entry('after')))
    expect(actions(meta.data.audit)).toEqual(['before', 'after'])
    expect(actions(onDisk().audit)).toEqual(['before', 'after'])
  })

  it('changes waiting behind a failed write keep their place and are written by their own write', async () => {
    const meta = await MetaStore.open(dataDir)
    writeFileSync(faultFile, '')
    // Both are applied in memory at once; the first write carries both and fails.
    const first = meta.update((d) => void d.audit.push(entry('first')))
    const second = meta.update((d) => void d.audit.push(entry('second')))
    expect(actions(meta.data.audit)).toEqual(['first', 'second'])
    await first.catch(() => rmSync(faultFile)) // the disk recovers before the second write
    await expect(first).rejects.toMatchObject({ code: 'storage_full' })
    await second
    expect(actions(meta.data.audit)).toEqual(['second'])
    expect(actions(onDisk().audit)).toEqual(['second'])
  })

  it('a change that only made sense after the failed one is refused too', async () => {
    const meta = await MetaStore.open(dataDir)
    writeFileSync(faultFile, '')
    const create = meta.update((d) => void d.audit.push(entry('created')))
    const edit = meta.update((d) => {
      const e = d.audit.find((a) => a.action === 'created')
      if (!e) throw new Error('nothing to edit')
      e.detail = 'edited'
    })
    await create.catch(() => rmSync(faultFile))
    await expect(edit).rejects.toMatchObject({ code: 'storage_full' })
    expect(meta.data.audit).toEqual([])
    expect(onDisk().audit).toEqual([])
  })
})
