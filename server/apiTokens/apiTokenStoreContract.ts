/**
 * What every ApiTokenStore does, whatever it stores in: one suite, run
 * against each backend by ApiTokenStore.contract.test.ts. A backend several
 * processes share (`shared`) also proves that a revoke through one instance
 * is seen by another at its next lookup.
 */
import { createHash, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { newId } from '../meta/newId'
import { storageErrorResponse } from '../http/storageErrorResponse'
import { StorageReadError, StorageWriteError } from '../storage/storageErrors'
import type { ApiTokenRecord, ApiTokenStore } from './ApiTokenStore'

export interface ApiTokenStoreBackend {
  /** A store on this backend's storage. */
  open(): ApiTokenStore
  /** Whether several store instances (processes) may use the same storage at once. */
  shared: boolean
  /** A store whose storage refuses every read and write. */
  broken(): ApiTokenStore
}

export const tokenRecord = (userId: string, over: Partial<ApiTokenRecord> = {}): ApiTokenRecord => ({
  id: newId('k'),
  userId,
  name: 'BI 日报 "nightly" \\',
  scope: { series: ['east-cs'], reports: [newId('r')] },
  hash: createHash('sha256').update(randomBytes(32)).digest('hex'),
  createdAt: '2026-11-01T09:00:00.000Z',
  expiresAt: '2027-11-01T09:00:00.000Z',
  lastUsedAt: null,
  revokedAt: null,
  ...over,
})

export function apiTokenStoreContract(name: string, backend: () => ApiTokenStoreBackend): void {
  describe(`ApiTokenStore contract: ${name}`, () => {
    it('stores a token found by hash and by id, as given; an unknown hash finds nothing', async () => {
      const b = backend()
      const store = b.open()
      const record = tokenRecord(newId('u'))
      await store.create(record)
      expect(await store.byHash(record.hash)).toEqual(record)
      expect(await store.byId(record.id)).toEqual(record)
      expect(await store.byHash('0'.repeat(64))).toBeUndefined()
      expect(await store.byId(newId('k'))).toBeUndefined()
    })

    it("lists a user's tokens newest first, nobody else's", async () => {
      const store = backend().open()
      const [me, other] = [newId('u'), newId('u')]
      const older = tokenRecord(me, { createdAt: '2026-11-01T09:00:00.000Z' })
      const newer = tokenRecord(me, { createdAt: '2026-11-02T09:00:00.000Z', scope: { series: ['a', 'b'] } })
      await store.create(older)
      await store.create(newer)
      await store.create(tokenRecord(other))
      expect(await store.listFor(me)).toEqual([newer, older])
      expect(await store.listFor(newId('u'))).toEqual([])
    })

    it('revokes at once, keeps the first revoke time, and answers undefined for an unknown id', async () => {
      const store = backend().open()
      const user = newId('u')
      const record = tokenRecord(user)
      await store.create(record)
      expect(await store.activeCount(user, '2026-11-05T00:00:00.000Z')).toBe(1)
      expect(await store.revoke(record.id, '2026-11-05T10:00:00.000Z')).toEqual({ ...record, revokedAt: '2026-11-05T10:00:00.000Z' })
      expect((await store.byHash(record.hash))?.revokedAt).toBe('2026-11-05T10:00:00.000Z')
      expect((await store.revoke(record.id, '2026-11-06T10:00:00.000Z'))?.revokedAt).toBe('2026-11-05T10:00:00.000Z')
      expect(await store.revoke(newId('k'), '2026-11-06T10:00:00.000Z')).toBeUndefined()
      expect(await store.activeCount(user, '2026-11-05T00:00:00.000Z')).toBe(0)
    })

    it('counts the live tokens of a user: neither revoked nor expired', async () => {
      const store = backend().open()
      const user = newId('u')
      await store.create(tokenRecord(user, { expiresAt: '2026-12-01T00:00:00.000Z' }))
      await store.create(tokenRecord(user, { expiresAt: '2027-12-01T00:00:00.000Z' }))
      await store.create(tokenRecord(user, { revokedAt: '2026-11-02T00:00:00.000Z' }))
      expect(await store.activeCount(user, '2026-11-15T00:00:00.000Z')).toBe(2)
      expect(await store.activeCount(user, '2026-12-15T00:00:00.000Z')).toBe(1)
    })

    it('records the last use at most once a minute', async () => {
      const store = backend().open()
      const record = tokenRecord(newId('u'))
      await store.create(record)
      expect(await store.touch(record.id, '2026-11-05T10:00:00.000Z')).toBe(true)
      expect(await store.touch(record.id, '2026-11-05T10:00:59.999Z')).toBe(false)
      expect((await store.byId(record.id))?.lastUsedAt).toBe('2026-11-05T10:00:00.000Z')
      expect(await store.touch(record.id, '2026-11-05T10:01:00.000Z')).toBe(true)
      expect((await store.byId(record.id))?.lastUsedAt).toBe('2026-11-05T10:01:00.000Z')
      expect(await store.touch(newId('k'), '2026-11-05T10:01:00.000Z')).toBe(false)
    })

    it('survives a new instance on the same storage (a restart); concurrent uses all land once', async () => {
      const b = backend()
      const store = b.open()
      const user = newId('u')
      const records = Array.from({ length: 10 }, () => tokenRecord(user))
      await Promise.all(records.map((r) => store.create(r)))
      const answers = await Promise.all(records.flatMap((r) => [store.touch(r.id, '2026-11-05T10:00:00.000Z'), store.touch(r.id, '2026-11-05T10:00:00.000Z')]))
      expect(answers.filter(Boolean)).toHaveLength(10)
      await store.idle()
      const again = await b.open().listFor(user)
      expect(again).toHaveLength(10)
      expect(again.every((r) => r.lastUsedAt === '2026-11-05T10:00:00.000Z')).toBe(true)
    })

    it('a revoke through one instance is seen by another at its next lookup', async (ctx) => {
      const b = backend()
      if (!b.shared) return ctx.skip()
      const [one, two] = [b.open(), b.open()]
      const record = tokenRecord(newId('u'))
      await one.create(record)
      expect((await two.byHash(record.hash))?.revokedAt).toBeNull()
      await one.revoke(record.id, '2026-11-05T10:00:00.000Z')
      expect((await two.byHash(record.hash))?.revokedAt).toBe('2026-11-05T10:00:00.000Z')
    })

    it('storage that refuses raises a typed storage error (500 storage_failed at the edge)', async () => {
      const store = backend().broken()
      const created = await store.create(tokenRecord(newId('u'))).catch((err: unknown) => err)
      expect(created instanceof StorageWriteError || created instanceof StorageReadError, String(created)).toBe(true)
      expect(storageErrorResponse(created)).toMatchObject({ status: 500, code: 'storage_failed' })
      await expect(store.byHash('0'.repeat(64))).rejects.toBeInstanceOf(StorageReadError)
    })
  })
}
