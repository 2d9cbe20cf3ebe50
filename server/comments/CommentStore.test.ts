/**
 * The comment file of a report: changes are written whole and in order, a
 * change that throws writes nothing, a damaged file is reported and left as
 * it is, and the open threads are what the publish check asks for.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { storageErrorResponse } from '../http/storageErrorResponse'
import { StorageReadError } from '../storage/storageErrors'
import type { ThreadRecord } from './CommentStore'
import { FileCommentStore } from './FileCommentStore'

const REPORT = 'r' + 'a'.repeat(20)

const thread = (id: string, resolved = false): ThreadRecord => ({
  id,
  anchor: { blockId: `block-${id}`, quote: 'q' },
  createdBy: 'u1',
  createdAt: '2026-11-26T00:00:00.000Z',
  resolved,
  resolvedBy: null,
  resolvedAt: null,
  comments: [{ id: `c-${id}`, authorId: 'u1', body: 'b', mentions: [], createdAt: '2026-11-26T00:00:00.000Z', editedAt: null, deleted: false }],
})

describe('FileCommentStore', () => {
  let dataDir: string
  let store: FileCommentStore
  const file = () => path.join(dataDir, 'comments', `${REPORT}.json`)

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'comment-store-'))
    store = new FileCommentStore(dataDir)
  })
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }))

  it('starts empty and writes one file per report, without leftovers', async () => {
    expect((await store.read(REPORT)).threads).toEqual([])
    await store.mutate(REPORT, (f) => f.threads.push(thread('t1')))
    expect(readdirSync(path.join(dataDir, 'comments'))).toEqual([`${REPORT}.json`])
    expect(JSON.parse(readFileSync(file(), 'utf8'))).toMatchObject({ version: 1, threads: [{ id: 't1' }], reads: {} })
  })

  it('runs concurrent changes one after another: none is lost', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.mutate(REPORT, (f) => f.threads.push(thread(`t${i}`)))))
    expect((await new FileCommentStore(dataDir).read(REPORT)).threads.map((t) => t.id).sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => `t${i}`).sort(),
    )
  })

  it('a change that throws writes nothing', async () => {
    await store.mutate(REPORT, (f) => f.threads.push(thread('t1')))
    const before = readFileSync(file())
    await expect(
      store.mutate(REPORT, (f) => {
        f.threads.push(thread('t2'))
        throw new Error('refused')
      }),
    ).rejects.toThrow('refused')
    expect(readFileSync(file()).equals(before)).toBe(true)
    expect((await store.read(REPORT)).threads.map((t) => t.id)).toEqual(['t1'])
  })

  it('a damaged file is reported (storage_failed) and never overwritten', async () => {
    mkdirSync(path.join(dataDir, 'comments'))
    writeFileSync(file(), '{"version":1,"threads":[')
    const err = await store.read(REPORT).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(StorageReadError)
    expect(storageErrorResponse(err)).toMatchObject({ status: 500, code: 'storage_failed', message: 'The comments file of this report is damaged; it was left untouched.' })
    await expect(store.mutate(REPORT, (f) => f.threads.push(thread('t1')))).rejects.toBeInstanceOf(StorageReadError)
    expect(readFileSync(file(), 'utf8')).toBe('{"version":1,"threads":[')
  })

  it('openThreads lists unresolved threads with their block id', async () => {
    await store.mutate(REPORT, (f) => f.threads.push(thread('t1'), thread('t2', true), thread('t3')))
    expect(await store.openThreads(REPORT)).toEqual([
      { id: 't1', blockId: 'block-t1' },
      { id: 't3', blockId: 'block-t3' },
    ])
  })

  it('refuses a malformed report id before building a path', async () => {
    await expect(store.read('../etc')).rejects.toThrow(/invalid report id/)
  })
})
