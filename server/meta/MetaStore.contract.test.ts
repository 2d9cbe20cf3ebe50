/**
 * The MetaStore contract against both implementations: FileMetaStore on a
 * temp folder (writes broken through STORAGE_FAULT_FILE) and PgMetaStore on
 * a database of its own per store (writes broken by a trigger on the change
 * counter). Then what only PostgreSQL does: a unique username enforced by
 * the database, and changes of one process seen by another.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type pg from 'pg'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { openPostgres } from '../postgres/openPostgres'
import { StorageWriteError } from '../storage/storageErrors'
import { faultyDataDir } from '../../test/helpers/faultyDataDir'
import { createTestDatabase, type TestDatabase } from '../../test/helpers/postgres'
import { waitUntil } from '../../test/helpers/wait'
import { FileMetaStore } from './FileMetaStore'
import type { MetaStore } from './MetaStore'
import { audit } from './audit'
import { markEntry, marks, metaStoreContract, reportRecord, userRecord } from './metaStoreContract'
import { PgMetaStore } from './PgMetaStore'

// --- FileMetaStore

const folder = faultyDataDir('meta-contract-')
const dirOf = new WeakMap<MetaStore, string>()

metaStoreContract('FileMetaStore', {
  async open() {
    const dir = mkdtempSync(path.join(folder.dir, 'store-'))
    const store = await FileMetaStore.open(dir)
    dirOf.set(store, dir)
    return store
  },
  async reopen(store) {
    await store.close()
    const dir = dirOf.get(store)!
    const again = await FileMetaStore.open(dir)
    dirOf.set(again, dir)
    return again
  },
  async breakWrites() {
    writeFileSync(folder.faultFile, '')
    return () => rmSync(folder.faultFile, { force: true })
  },
})

// --- PgMetaStore

interface PgPlace {
  db: TestDatabase
  pool: pg.Pool
}
const places: PgPlace[] = []
const placeOf = new WeakMap<MetaStore, PgPlace>()

async function newPlace(): Promise<PgPlace> {
  const db = await createTestDatabase()
  const place = { db, pool: await openPostgres(db.url, { max: 4 }) }
  places.push(place)
  return place
}

async function openOn(place: PgPlace): Promise<PgMetaStore> {
  const store = await PgMetaStore.open(place.pool, place.db.url, { reconnectDelayMs: 20 })
  placeOf.set(store, place)
  return store
}

afterAll(async () => {
  for (const { db, pool } of places.splice(0)) {
    await pool.end()
    await db.drop()
  }
})

metaStoreContract('PgMetaStore', {
  async open() {
    return openOn(await newPlace())
  },
  async reopen(store) {
    await store.close()
    return openOn(placeOf.get(store)!)
  },
  async breakWrites(store, { once }) {
    const { pool } = placeOf.get(store)!
    // A sequence is not rolled back with the failing transaction: with `once`, only its first value fails.
    await pool.query(`
      DROP SEQUENCE IF EXISTS test_write_faults;
      CREATE SEQUENCE test_write_faults;
      CREATE OR REPLACE FUNCTION test_fail_write() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_ARGV[0] = 'always' OR nextval('test_write_faults') = 1 THEN
          RAISE EXCEPTION 'injected write failure';
        END IF;
        RETURN NEW;
      END $$;
      DROP TRIGGER IF EXISTS test_fail_write ON meta_counter;
      CREATE TRIGGER test_fail_write BEFORE UPDATE ON meta_counter FOR EACH ROW EXECUTE FUNCTION test_fail_write('${once ? 'once' : 'always'}');
    `)
    return once ? () => undefined : () => pool.query('DROP TRIGGER test_fail_write ON meta_counter')
  },
})

describe('PgMetaStore across processes', () => {
  const open: PgMetaStore[] = []
  const opened = async (place: PgPlace) => {
    const store = await openOn(place)
    open.push(store)
    return store
  }
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()))
  })

  it('a duplicate username is refused by the database with a StorageWriteError and taken back', async () => {
    const place = await newPlace()
    const a = await opened(place)
    const b = await opened(place)
    await a.update((d) => void d.users.push(userRecord('u1', 'alice')))
    await waitUntil(() => b.userById('u1') !== undefined, 'B sees alice')
    // Whether or not B has heard of A's zed yet, the database refuses a second one.
    await a.update((d) => void d.users.push(userRecord('u2', 'zed')))
    const err = await b
      .update((d) => {
        d.users.push(userRecord('u3', 'zed'))
        markEntry(d, 'lost')
      })
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(StorageWriteError)
    expect((err as Error).message).toMatch(/duplicate/)
    expect(b.userById('u3')).toBeUndefined()
    expect(b.data.audit).toEqual([])
    await waitUntil(() => b.userById('u2') !== undefined, 'B sees zed of A')
    expect(b.userByName('zed')?.id).toBe('u2')
    // The store goes on working.
    await b.update((d) => void d.users.push(userRecord('u4', 'dora')))
    await waitUntil(() => a.userByName('dora') !== undefined, 'A sees dora of B')
  })

  it('a change made by one store is seen by another on the same database: created, changed, removed', async () => {
    const place = await newPlace()
    const a = await opened(place)
    const b = await opened(place)
    await a.update((d) => {
      d.users.push(userRecord('u1', 'alice'), userRecord('u2', 'bob'))
      d.reports.push(reportRecord('r1', 'u1'))
      d.members.push({ reportId: 'r1', userId: 'u1', role: 'owner' }, { reportId: 'r1', userId: 'u2', role: 'editor' })
      audit(d, { userId: 'u1', action: 'report.create', reportId: 'r1' })
    })
    await waitUntil(() => b.roleOf('r1', 'u2') === 'editor' && b.data.audit.length === 1, 'B sees what A created')
    expect(b.report('r1')).toEqual(reportRecord('r1', 'u1'))
    expect(b.userByName('alice')).toEqual(userRecord('u1', 'alice'))

    await b.update((d) => {
      d.reports[0]!.title = 'Renamed by B'
      d.members.splice(d.members.findIndex((m) => m.userId === 'u2'), 1)
      audit(d, { userId: 'u1', action: 'member.remove', reportId: 'r1', detail: { userId: 'u2' } })
    })
    await waitUntil(() => a.report('r1')?.title === 'Renamed by B', 'A sees the new title')
    await waitUntil(() => a.roleOf('r1', 'u2') === undefined && a.data.audit.length === 2, 'A sees the member removed')
    expect(a.membersOf('r1').map((m) => m.userId)).toEqual(['u1'])
    expect(a.data.audit.map((e) => e.action)).toEqual(['report.create', 'member.remove'])

    // A store opened later starts from the same state.
    const c = await opened(place)
    expect(c.data).toEqual(a.data)
  })

  it('writes of two stores at once: both end with every change, written exactly once', async () => {
    const place = await newPlace()
    const a = await opened(place)
    const b = await opened(place)
    await Promise.all([
      ...Array.from({ length: 10 }, (_, i) => a.update((d) => void markEntry(d, `a${i}`))),
      ...Array.from({ length: 10 }, (_, i) => b.update((d) => void d.members.push({ reportId: `r${i}`, userId: 'ub', role: 'viewer' }))),
      ...Array.from({ length: 10 }, (_, i) => b.update((d) => void markEntry(d, `b${i}`))),
    ])
    for (const s of [a, b]) {
      await waitUntil(() => s.data.audit.length === 20 && s.data.members.length === 10, () => `20 entries and 10 members, has ${s.data.audit.length}`)
    }
    expect([...marks(a)].sort()).toEqual([...marks(b)].sort())
    const { rows } = await place.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM audit')
    expect(rows[0]!.n).toBe(20)
  })

  it('a dropped listening connection is re-established and what was missed meanwhile is read', async () => {
    const place = await newPlace()
    const a = await opened(place)
    const b = await opened(place)
    await place.pool.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'ops-report-meta-listener' AND datname = $1`,
      [place.db.name],
    )
    await a.update((d) => void d.users.push(userRecord('u1', 'alice')))
    await waitUntil(() => b.userByName('alice') !== undefined, 'B sees alice after reconnecting')
    await b.update((d) => void d.reports.push(reportRecord('r1', 'u1')))
    await waitUntil(() => a.report('r1') !== undefined, 'A sees the report of B')
    // Listening again: a later change arrives by its notification.
    await a.update((d) => void d.users.push(userRecord('u2', 'bob')))
    await waitUntil(() => b.userByName('bob') !== undefined, 'B sees bob')
  })
})
