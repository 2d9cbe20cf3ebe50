/**
 * What only the PostgreSQL VersionStore has: versions published through
 * another process reach this one's SeriesHistory; the LISTEN connection
 * comes back after PostgreSQL drops it and catches up on what was published
 * meanwhile; a version the metadata has no digest for yet is checked against
 * the digest written beside its bytes.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { doc, metric, metrics, section } from '@schema/docBuilder'
import { waitUntil } from '../../test/helpers/wait'
import { withTestDatabase } from '../../test/helpers/withTestDatabase'
import { newReportId } from '../comments/commentStoreContract'
import { FileVersionStore } from './FileVersionStore'
import { PgVersionStore } from './PgVersionStore'
import { SeriesHistory } from './SeriesHistory'
import { versionOf } from './versionStoreContract'
import { VersionDamagedError } from './VersionStore'
import { canonicalJson, sha256Hex } from './canonicalJson'

const database = withTestDatabase()
const stores: PgVersionStore[] = []
const open = () => {
  const s = new PgVersionStore(database.pool)
  stores.push(s)
  return s
}

// Registered after withTestDatabase: runs before its pool is ended.
afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()))
})

describe('PgVersionStore', () => {
  it('a version published through another process shows in this process’s series history', async () => {
    const [a, b] = [open(), open()]
    const history = new SeriesHistory()
    history.follow(b)
    await waitUntil(() => b.isListening, 'b listening')
    const id = newReportId()
    const content = doc(section('data_statistics', '数据统计', metrics(metric({ key: 'fcr', name: '一次解决率', current: '87' }))))
    await a.write({ ...versionOf(id), series: 'cluster-team', period: '2026-09', content, sha256: sha256Hex(canonicalJson(content)) })
    await waitUntil(() => history.published('cluster-team', '2026-09', () => true) !== undefined, 'the version recorded in b’s history')
    expect(history.points('cluster-team', '2026-10', 'fcr', 6, () => true).points.map((p) => [p.period, p.value])).toEqual([['2026-09', 87]])
  })

  it('reconnects after its LISTEN connection is killed and catches up on versions published meanwhile', async () => {
    const [a, b] = [open(), open()]
    const id = newReportId()
    const heard: string[] = []
    b.onPublished((v) => v.reportId === id && heard.push(v.version))
    await waitUntil(() => b.isListening, 'b listening')
    await database.pool.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'ops-report versions listener' AND datname = current_database()`)
    await waitUntil(() => !b.isListening, 'b noticed the lost connection')
    await a.write(versionOf(id))
    await waitUntil(() => heard.length === 1, 'b heard of the version published while it was not listening')
    await waitUntil(() => b.isListening, 'b listening again')
    await a.write(versionOf(id, 1))
    await waitUntil(() => heard.length === 2, 'b heard of the next version')
    expect(heard).toEqual(['1', '1.1'])
  })

  it('without a digest in the metadata yet, checks the bytes against the digest stored beside them', async () => {
    const id = newReportId()
    await open().write(versionOf(id))
    const other = open() // no recordedDigest, did not write it
    expect((await other.get(id, '1'))?.version).toBe('1')
    await database.pool.query(`UPDATE report_versions SET bytes = bytes || '\\x20'::bytea WHERE report_id = $1`, [id])
    await expect(other.read(id, '1')).rejects.toBeInstanceOf(VersionDamagedError)
    expect(await other.list(id)).toEqual([])
  })

  it('keeps a version’s row when a write of the same label loses the race', async () => {
    const id = newReportId()
    const results = await Promise.allSettled([open().write(versionOf(id, 0, 'a')), open().write(versionOf(id, 0, 'b'))])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    expect(String((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason)).toMatch(/never rewritten/)
    expect((await database.pool.query('SELECT count(*)::int AS n FROM report_versions WHERE report_id = $1', [id])).rows[0].n).toBe(1)
  })

  it('imports a version file byte for byte, once; the sha256 the metadata recorded still vouches for it', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'version-import-'))
    try {
      const id = newReportId()
      const digest = await new FileVersionStore(dir).write(versionOf(id, 0, 'imported'))
      const bytes = readFileSync(path.join(dir, 'versions', id, 'v1.json'))
      const store = new PgVersionStore(database.pool, { recordedDigest: (r, l) => (r === id && l === '1' ? digest : undefined) })
      expect(await store.importBytes(id, '1', bytes)).toBe(digest)
      expect(await store.importBytes(id, '1', bytes)).toBe(digest) // a second run changes nothing
      await expect(store.importBytes(id, '1', Buffer.concat([bytes, Buffer.from(' ')]))).rejects.toThrow(/never rewritten/)
      await expect(store.importBytes(newReportId(), '1', bytes)).rejects.toThrow(/holds/)
      expect((await store.read(id, '1'))!.equals(bytes)).toBe(true)
      expect((await store.list(id)).map((s) => [s.version, s.note])).toEqual([['1', 'imported']])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
