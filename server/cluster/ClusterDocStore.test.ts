/**
 * The shared document store against a real PostgreSQL and a private Redis,
 * with two "processes" (two openCluster instances) in this test process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createTestDatabase, type TestDatabase } from '../../test/helpers/postgres'
import { startRedis, type TestRedis } from '../../test/helpers/redis'
import { waitUntil } from '../../test/helpers/wait'
import { readEnv } from '../env'
import { ReportLockedError } from '../storage/DocStore'
import { openCluster, type Cluster } from './openCluster'

let db: TestDatabase
let redis: TestRedis
let a: Cluster
let b: Cluster

const open = (extra: Record<string, string> = {}) =>
  openCluster(
    readEnv({ DATABASE_URL: db.url, REDIS_URL: redis.url, REDIS_KEY_PREFIX: 't:', REPORT_LEASE_MS: '1000', STREAM_TRIM_GRACE_MS: '0', ...extra }) as never,
  )

function textUpdate(text: string, from?: Y.Doc): Uint8Array {
  const doc = from ?? new Y.Doc()
  let captured: Uint8Array | null = null
  const on = (u: Uint8Array) => (captured = u)
  doc.on('update', on)
  doc.getText('t').insert(doc.getText('t').length, text)
  doc.off('update', on)
  return captured!
}

const textOf = (state: Uint8Array) => {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, state)
  return doc.getText('t').toString()
}

beforeAll(async () => {
  db = await createTestDatabase()
  redis = await startRedis()
  a = await open()
  b = await open()
}, 30_000)

afterAll(async () => {
  await a?.close()
  await b?.close()
  await redis?.stop()
  await db?.drop()
})

describe('ClusterDocStore', () => {
  it('relays an update appended by one process to the room of the other, and both survive a reopen', async () => {
    const initial = Y.encodeStateAsUpdate(new Y.Doc())
    await a.docs.create('r1', initial)
    const ha = await a.docs.open('r1')
    const hb = await b.docs.open('r1')
    const seen: Uint8Array[] = []
    hb.listen({ update: (u) => seen.push(u) })
    ha.listen({ update: () => expect.fail('a process must not get its own update back') })
    await ha.append(textUpdate('hello'))
    await waitUntil(() => seen.length === 1, 'b receives a\'s update')
    expect(textOf(seen[0]!)).toBe('hello')
    await ha.close()
    await hb.close()
    const again = await b.docs.open('r1')
    expect(textOf(again.state)).toBe('hello')
    await again.close()
  })

  it('refuses inside Redis a write to a report locked through the other process', async () => {
    await a.docs.create('r2', Y.encodeStateAsUpdate(new Y.Doc()))
    const hb = await b.docs.open('r2')
    await hb.append(textUpdate('draft '))
    const controlId = await a.locks.set('r2', 'published')
    expect(controlId).toMatch(/^\d+-\d+$/)
    await expect(hb.append(textUpdate('late'))).rejects.toBeInstanceOf(ReportLockedError)
    await waitUntil(() => b.locks.status('r2') === 'published', 'b sees the control entry')
    await b.locks.set('r2', 'draft')
    const ha = await a.docs.open('r2')
    await ha.append(textUpdate('again'))
    await ha.close()
    await hb.close()
  })

  it('folds the stream into PostgreSQL, trims it, and loads from PostgreSQL alone after Redis is emptied', async () => {
    await a.docs.create('r3', Y.encodeStateAsUpdate(new Y.Doc()))
    const h = await a.docs.open('r3')
    const doc = new Y.Doc()
    for (let i = 0; i < 20; i++) await h.append(textUpdate(`m${i};`, doc))
    expect(await a.compactor.compact('r3')).toBe('done')
    // Only the trim mark is left: every update is in PostgreSQL.
    const left = await a.redis.command.xrange(a.keys.stream('r3'), '-', '+')
    expect(left.map(([, fields]) => fields[1])).toEqual(['t'])
    await h.close()
    await a.redis.command.flushall()
    const again = await b.docs.open('r3')
    expect(textOf(again.state)).toBe(doc.getText('t').toString())
    // The lock state comes back from PostgreSQL on the next write.
    await again.append(textUpdate('after flush'))
    await again.close()
  })

  it('refuses the snapshot of a compactor that was paused past its lease; nothing is lost', async () => {
    const slow = await open({ TEST_COMPACTION_PAUSE_MS: '1500' })
    try {
      await a.docs.create('r4', Y.encodeStateAsUpdate(new Y.Doc()))
      const h = await a.docs.open('r4')
      const doc = new Y.Doc()
      await h.append(textUpdate('one;', doc))
      const paused = slow.compactor.compact('r4')
      // The slow compactor's lease (1 s) runs out while it waits; another takes over.
      await waitUntil(async () => (await a.redis.command.exists(a.keys.compactLease('r4'))) === 0, 'the lease expires', 5000)
      await h.append(textUpdate('two;', doc))
      expect(await b.compactor.compact('r4')).toBe('done')
      expect(await paused).toBe('refused')
      await h.close()
      const again = await b.docs.open('r4')
      expect(textOf(again.state)).toBe('one;two;')
      await again.close()
    } finally {
      await slow.close()
    }
  })

  it('reloads a room whose read came after a trim past what it had read, even when entries after the gap come before the mark', async () => {
    await a.docs.create('r5', Y.encodeStateAsUpdate(new Y.Doc()))
    const h = await a.docs.open('r5')
    h.listen({ update: () => undefined })
    const update = (id: string) => ({ id, kind: 'update' as const, update: textUpdate('x'), origin: 'elsewhere', writer: '' })
    const trim = (id: string, bound: string) => ({ id, kind: 'trim' as const, bound })
    const before = a.docs.resyncs
    // Read before the trim: the entries below the bound are still there, nothing was missed.
    h.onEntries([update('200-0'), trim('400-0', '250-1')], '100-0')
    expect(a.docs.resyncs).toBe(before)
    // Read after it: 101-0 .. 250-0 are gone; the batch holds an entry after the gap, then the mark.
    h.onEntries([update('300-0'), trim('400-0', '250-1')], '100-0')
    expect(a.docs.resyncs).toBe(before + 1)
    // A mark whose bound is not past what the room had read.
    h.onEntries([trim('400-0', '100-1')], '100-0')
    expect(a.docs.resyncs).toBe(before + 1)
    await h.close()
  })
})
