/**
 * The behaviour every MetaStore must have, as one suite run against each
 * implementation (MetaStore.contract.test.ts): records created, read back
 * through every lookup and after a reopen; a change visible at once; a
 * failed write taken back in memory and on storage, the changes waiting
 * behind it kept when they still apply.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { StorageFullError, StorageWriteError } from '../storage/storageErrors'
import { audit } from './audit'
import type { AuditEntry, MemberRecord, MetaData, MetaStore, ReportRecord, UserRecord } from './MetaStore'

export interface MetaStoreBackend {
  /** A fresh, empty store with storage of its own. */
  open(): Promise<MetaStore>
  /** Closes `store` and opens a new one on the same storage. */
  reopen(store: MetaStore): Promise<MetaStore>
  /**
   * Makes the store's writes fail: every write until the returned heal() is
   * called, or with `once` only the next one (heal() is then called as soon
   * as that write has failed, and must take effect at once).
   */
  breakWrites(store: MetaStore, options: { once: boolean }): Promise<() => unknown>
}

export const userRecord = (id: string, username = id): UserRecord => ({
  id,
  username,
  displayName: `User ${id}`,
  color: '#336699',
  passwordHash: 'scrypt$x',
  admin: false,
  tokenVersion: 0,
  createdAt: '2026-11-01T08:00:00.000Z',
  active: true,
})

export const reportRecord = (id: string, createdBy: string): ReportRecord => ({
  id,
  title: `Report ${id}`,
  period: '2026-11',
  series: 'ops',
  template: 'monthly-ops',
  locale: 'en',
  status: 'draft',
  revision: 0,
  createdBy,
  createdAt: '2026-11-02T09:30:00.000Z',
  published: null,
  previous: null,
  archived: null,
})

const AT = '2026-11-03T10:00:00.000Z'

/** An audit entry about an account, told apart by `detail.mark`. */
export const markEntry = (data: Pick<MetaData, 'audit'>, mark: string): AuditEntry =>
  audit(data, { userId: 'u1', action: 'user.password.change', at: AT, detail: { mark } })

/** The marks of the store's audit entries (undefined for entries without one), in order. */
export const marks = (store: MetaStore) => store.data.audit.map((a) => (a.detail as { mark?: string } | undefined)?.mark)
const isStorageError = (err: unknown) => err instanceof StorageFullError || err instanceof StorageWriteError

export function metaStoreContract(name: string, backend: MetaStoreBackend): void {
  describe(`MetaStore contract: ${name}`, () => {
    const open: MetaStore[] = []
    const fresh = async () => {
      const store = await backend.open()
      open.push(store)
      return store
    }
    const reopen = async (store: MetaStore) => {
      const again = await backend.reopen(store)
      open.push(again)
      return again
    }
    afterEach(async () => {
      await Promise.all(open.splice(0).map((s) => s.close()))
    })

    it('starts empty', async () => {
      const store = await fresh()
      expect(store.data.users).toEqual([])
      expect(store.data.reports).toEqual([])
      expect(store.data.members).toEqual([])
      expect(store.data.audit).toEqual([])
    })

    it('creates users, reports, members and audit entries, read back by every lookup', async () => {
      const store = await fresh()
      await store.update((d) => {
        d.users.push(userRecord('u1', 'alice'), userRecord('u2', 'bob'))
        d.reports.push(reportRecord('r1', 'u1'), reportRecord('r2', 'u2'))
        d.members.push({ reportId: 'r1', userId: 'u1', role: 'owner' }, { reportId: 'r1', userId: 'u2', role: 'viewer' })
        audit(d, { userId: 'u1', action: 'report.create', reportId: 'r1', at: AT, detail: { title: 'Report r1' } })
      })
      expect(store.userById('u1')).toEqual(userRecord('u1', 'alice'))
      expect(store.userByName('bob')?.id).toBe('u2')
      expect(store.userByName('carol')).toBeUndefined()
      expect(store.report('r2')).toEqual(reportRecord('r2', 'u2'))
      expect(store.report('r3')).toBeUndefined()
      expect(store.roleOf('r1', 'u1')).toBe('owner')
      expect(store.roleOf('r1', 'u2')).toBe('viewer')
      expect(store.roleOf('r2', 'u1')).toBeUndefined()
      expect(store.membersOf('r1').map((m) => m.userId).sort()).toEqual(['u1', 'u2'])
      expect(store.membersOf('r2')).toEqual([])
      expect(store.data.audit).toEqual([{ at: AT, userId: 'u1', action: 'report.create', reportId: 'r1', detail: { title: 'Report r1' } }])
    })

    it('a change is visible at once, before its write is answered, and lookups follow it', async () => {
      const store = await fresh()
      const written = store.update((d) => {
        d.users.push(userRecord('u1'))
        d.members.push({ reportId: 'r1', userId: 'u1', role: 'editor' })
      })
      expect(store.userById('u1')?.username).toBe('u1')
      expect(store.roleOf('r1', 'u1')).toBe('editor')
      await written
      const changed = store.update((d) => {
        d.members[0]!.role = 'viewer'
        d.users[0]!.tokenVersion = 5
      })
      expect(store.roleOf('r1', 'u1')).toBe('viewer')
      expect(store.userById('u1')?.tokenVersion).toBe(5)
      await changed
    })

    it('everything survives a reopen: created, changed and removed records, audit in order', async () => {
      const store = await fresh()
      await store.update((d) => {
        d.users.push(userRecord('u1', 'alice'), userRecord('u2', 'bob'), userRecord('u3', 'carol'))
        d.reports.push(reportRecord('r1', 'u1'), reportRecord('r2', 'u1'))
        d.members.push(
          { reportId: 'r1', userId: 'u1', role: 'owner' },
          { reportId: 'r1', userId: 'u2', role: 'editor' },
          { reportId: 'r2', userId: 'u1', role: 'owner' },
        )
        audit(d, { userId: 'u1', action: 'report.create', reportId: 'r1' })
        audit(d, { userId: 'u1', action: 'report.create', reportId: 'r2' })
      })
      await store.update((d) => {
        const r1 = d.reports.find((r) => r.id === 'r1')!
        r1.status = 'published'
        r1.published = { version: 'v1.0', publishedAt: '2026-11-04T12:00:00.000Z', publishedBy: { id: 'u1', displayName: 'User u1' } }
        r1.versionDigests = { 'v1.0': 'ab'.repeat(32) }
        r1.previous = { reportId: 'r0', period: '2026-10', version: 'v1.0', carried: { metrics: 3, actions: 1, goals: 2 } }
        d.reports.find((r) => r.id === 'r2')!.archived = { at: '2026-11-05T00:00:00.000Z', by: 'u1' }
        d.users.find((u) => u.id === 'u2')!.active = false
        d.users.splice(d.users.findIndex((u) => u.id === 'u3'), 1)
        d.members.find((m) => m.userId === 'u2')!.role = 'viewer'
        d.members.splice(d.members.findIndex((m) => m.reportId === 'r2'), 1)
        audit(d, { userId: 'u1', action: 'report.publish', reportId: 'r1', detail: { version: 'v1.0', note: '中文 "quoted"' } })
        audit(d, { userId: 'u1', action: 'user.deactivate', detail: { userId: 'u2' } })
      })
      const before = structuredClone(store.data)
      const again = await reopen(store)
      expect(again.data.users).toEqual(before.users)
      expect(again.data.reports).toEqual(before.reports)
      expect(again.data.members).toEqual(before.members)
      expect(again.data.audit).toEqual(before.audit)
      expect(again.userByName('carol')).toBeUndefined()
      expect(again.roleOf('r1', 'u2')).toBe('viewer')
      expect(again.roleOf('r2', 'u1')).toBeUndefined()
      expect(again.report('r1')?.published?.version).toBe('v1.0')
      expect(again.report('r1')?.versionDigests).toEqual({ 'v1.0': 'ab'.repeat(32) })
      // And it goes on writing from there.
      await again.update((d) => void d.members.push({ reportId: 'r2', userId: 'u2', role: 'editor' }))
      const third = await reopen(again)
      expect(third.roleOf('r2', 'u2')).toBe('editor')
      expect(third.data.audit.length).toBe(4)
    })

    it('updates made together are all written, in order', async () => {
      const store = await fresh()
      await Promise.all(Array.from({ length: 20 }, (_, i) => store.update((d) => void markEntry(d, `a${i}`))))
      expect(marks(store)).toEqual(Array.from({ length: 20 }, (_, i) => `a${i}`))
      const again = await reopen(store)
      expect(marks(again)).toEqual(Array.from({ length: 20 }, (_, i) => `a${i}`))
    })

    it('a failed write rejects with a storage error and changes nothing, in memory or in storage', async () => {
      const store = await fresh()
      await store.update((d) => {
        d.users.push(userRecord('u1'))
        d.members.push({ reportId: 'r1', userId: 'u1', role: 'editor' })
        markEntry(d, 'before')
      })
      const heal = await backend.breakWrites(store, { once: false })
      const failed = store.update((d) => {
        d.members.splice(0, 1)
        d.users[0]!.displayName = 'Renamed'
        markEntry(d, 'lost')
      })
      expect(store.roleOf('r1', 'u1')).toBeUndefined() // applied in memory while it is written
      const err = await failed.catch((e: unknown) => e)
      expect(isStorageError(err), String(err)).toBe(true)
      expect(store.roleOf('r1', 'u1')).toBe('editor') // taken back
      expect(store.userById('u1')?.displayName).toBe('User u1')
      expect(marks(store)).toEqual(['before'])
      await heal()
      await store.update((d) => void markEntry(d, 'after'))
      const again = await reopen(store)
      expect(marks(again)).toEqual(['before', 'after'])
      expect(again.roleOf('r1', 'u1')).toBe('editor')
      expect(again.userById('u1')?.displayName).toBe('User u1')
    })

    it('changes waiting behind a failed write keep their place and are written by their own write', async () => {
      const store = await fresh()
      const heal = await backend.breakWrites(store, { once: true })
      // Both are applied in memory at once; the first write carries both and fails.
      const first = store.update((d) => void markEntry(d, 'first'))
      const second = store.update((d) => void markEntry(d, 'second'))
      expect(marks(store)).toEqual(['first', 'second'])
      await first.catch(() => heal())
      expect(isStorageError(await first.catch((e: unknown) => e))).toBe(true)
      await second
      expect(marks(store)).toEqual(['second'])
      const again = await reopen(store)
      expect(marks(again)).toEqual(['second'])
    })

    it('a change that only made sense after the failed one is refused too', async () => {
      const store = await fresh()
      const heal = await backend.breakWrites(store, { once: true })
      const create = store.update((d) => void d.users.push(userRecord('u1')))
      const edit = store.update((d) => {
        const u = d.users.find((x) => x.id === 'u1')
        if (!u) throw new Error('nothing to edit')
        u.displayName = 'Edited'
      })
      await create.catch(() => heal())
      expect(isStorageError(await edit.catch((e: unknown) => e))).toBe(true)
      expect(store.data.users).toEqual([])
      const again = await reopen(store)
      expect(again.data.users).toEqual([])
    })

    it('members of many reports: membersOf and roleOf stay exact', async () => {
      const store = await fresh()
      const members: MemberRecord[] = []
      for (let r = 0; r < 30; r++) for (let u = 0; u < 5; u++) members.push({ reportId: `r${r}`, userId: `u${u}`, role: u === 0 ? 'owner' : 'editor' })
      await store.update((d) => void d.members.push(...members))
      await store.update((d) => {
        d.members = d.members.filter((m) => !(m.reportId === 'r7' && m.userId === 'u3'))
      })
      const again = await reopen(store)
      for (const s of [store, again]) {
        expect(s.membersOf('r7').map((m) => m.userId).sort()).toEqual(['u0', 'u1', 'u2', 'u4'])
        expect(s.roleOf('r7', 'u3')).toBeUndefined()
        expect(s.roleOf('r29', 'u0')).toBe('owner')
        expect(s.data.members.length).toBe(149)
      }
    })
  })
}
