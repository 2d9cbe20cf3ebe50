/**
 * Cluster mode, whole-cluster failures:
 * - kill -9 of every process, then one fresh process (new DATA_DIR, the same
 *   two URLs): every acknowledged marker is there, the clients reconnect to
 *   it and converge;
 * - kill -9 of Redis and a restart (appendonly, appendfsync always): every
 *   acknowledged marker is there, writes are acknowledged again;
 * - Redis emptied (FLUSHALL) after a compaction: the report is served from
 *   PostgreSQL alone, exactly as compacted, and takes writes again.
 */
import { rmSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Api } from './helpers/api'
import { startCluster, type TestCluster } from './helpers/cluster'
import { bodiesOf, MarkerClient, missingFrom, servedText } from './helpers/clusterClients'
import { readReportDocument, textOfState } from './helpers/clusterStorage'
import { startServer, type TestServer } from './helpers/startServer'
import { sleep, waitUntil } from './helpers/wait'

const COMPACT_STREAM_ENTRIES = 20

let cluster: TestCluster
let admin: Api
const clients: MarkerClient[] = []
const extra: TestServer[] = []

beforeAll(async () => {
  cluster = await startCluster({
    processes: 3,
    env: { MAX_MESSAGES_PER_SECOND: '5000', COMPACT_STREAM_ENTRIES: String(COMPACT_STREAM_ENTRIES), STREAM_TRIM_GRACE_MS: '0' },
  })
  admin = await Api.login(cluster.proxyUrl)
})
afterAll(async () => {
  for (const c of clients) c.destroy()
  for (const s of extra) {
    await s.kill()
    rmSync(s.dataDir, { recursive: true, force: true })
  }
  await cluster?.cleanup()
})

/** 3 clients through the proxy on a new report, each with its paragraph. */
async function openClients(reportId: string, tag: string): Promise<MarkerClient[]> {
  const out: MarkerClient[] = []
  for (let i = 0; i < 3; i++) {
    const c = new MarkerClient(cluster.proxyWsUrl, reportId, admin.token!, `${tag}${i}`)
    clients.push(c)
    out.push(c)
    await c.waitSynced()
    c.addParagraph()
  }
  return out
}

/** Each client types `n` markers, a few milliseconds apart. */
async function typeEach(cs: MarkerClient[], n: number): Promise<void> {
  await Promise.all(
    cs.map(async (c) => {
      for (let k = 0; k < n; k++) {
        c.type()
        await sleep(k % 3)
      }
    }),
  )
}

const allAcked = (cs: MarkerClient[]) => waitUntil(() => cs.every((c) => c.ackedCount === c.typed.length), () => `acknowledged: ${cs.map((c) => `${c.name} ${c.ackedCount}/${c.typed.length}`).join(', ')}`, 10_000)

async function expectServes(api: Api, reportId: string, markers: string[], what: string): Promise<string> {
  let text = ''
  await waitUntil(
    async () => missingFrom((text = await servedText(api, reportId)), markers).length === 0,
    () => `${what} misses ${missingFrom(text, markers).length} of ${markers.length} markers: ${missingFrom(text, markers).slice(0, 10).join(' ')}${text.startsWith('HTTP') ? ` (${text})` : ''}`,
    10_000,
    50,
  )
  return text
}

/** Starts every process again on its port and puts them back behind the proxy. */
async function restoreProcesses(): Promise<void> {
  for (let i = 0; i < cluster.servers.length; i++) {
    const s = cluster.servers[i]!
    if (s.proc.exitCode !== null || s.proc.signalCode !== null) await cluster.restart(i)
  }
  cluster.proxy.setBackends(cluster.servers.map((s) => s.port))
}

describe('cluster: whole-cluster failures', () => {
  it('kill -9 of every process, one fresh process: intact, clients converge on it', async () => {
    const reportId = await admin.createReport('All killed')
    const cs = await openClients(reportId, 'k')
    await typeEach(cs, 40)
    await allAcked(cs)
    // More typing in flight while every process dies.
    const inFlight = typeEach(cs, 20)
    await Promise.all(cluster.servers.map((_, i) => cluster.kill(i)))
    await inFlight
    const acked = cs.flatMap((c) => c.acked)

    const fresh = await startServer({ env: { ...cluster.env, SEED_DEMO: 'false' } })
    extra.push(fresh)
    await expectServes(new Api(fresh.url, admin.token), reportId, acked, 'the fresh process')

    cluster.proxy.setBackends([fresh.port])
    const typed = cs.flatMap((c) => c.typed)
    await waitUntil(
      () => new Set(bodiesOf(cs)).size === 1 && missingFrom(cs[0]!.bodyText(), typed).length === 0,
      () => `clients did not converge on the fresh process: ${cs.map((c) => `${c.name} misses ${missingFrom(c.bodyText(), typed).length}`).join(', ')}`,
      15_000,
    )
    await allAcked(cs)
    for (const c of cs) c.destroy()
    await fresh.stop()
    await restoreProcesses()
  })

  it('kill -9 of Redis and a restart: intact, writes acknowledged again', async () => {
    const reportId = await admin.createReport('Redis killed')
    const cs = await openClients(reportId, 'r')
    await typeEach(cs, 40)
    await allAcked(cs)
    const inFlight = typeEach(cs, 20)
    await cluster.redis.kill()
    await inFlight
    const acked = cs.flatMap((c) => c.acked)
    await cluster.redis.restart()

    for (const [i, s] of cluster.servers.entries()) await expectServes(new Api(s.url, admin.token), reportId, acked, `process #${i} after Redis restarted`)
    // Everything typed (also while Redis was down) is stored and acknowledged once Redis is back.
    await typeEach(cs, 10)
    await waitUntil(() => cs.every((c) => c.ackedCount === c.typed.length), () => `acknowledged after the Redis restart: ${cs.map((c) => `${c.name} ${c.ackedCount}/${c.typed.length}`).join(', ')}`, 20_000)
    const typed = cs.flatMap((c) => c.typed)
    for (const [i, s] of cluster.servers.entries()) await expectServes(new Api(s.url, admin.token), reportId, typed, `process #${i}`)
    // A newcomer joins from PostgreSQL + the stream with all of it.
    const late = new MarkerClient(cluster.proxyWsUrl, reportId, admin.token!, 'late')
    clients.push(late)
    await late.waitSynced()
    expect(missingFrom(late.bodyText(), typed)).toEqual([])
    for (const c of [...cs, late]) c.destroy()
  })

  it('Redis emptied after a compaction: served from PostgreSQL alone', async () => {
    const reportId = await admin.createReport('Redis emptied')
    const cs = await openClients(reportId, 'f')
    // Past the compaction threshold several times over.
    await typeEach(cs, COMPACT_STREAM_ENTRIES * 2)
    await allAcked(cs)
    const firstHalf = cs.flatMap((c) => c.typed)
    let stored = ''
    await waitUntil(
      async () => {
        const row = await readReportDocument(cluster.db.url, reportId)
        stored = row ? textOfState(row.state) : ''
        return missingFrom(stored, firstHalf).length === 0
      },
      () => `no compaction holds the first ${firstHalf.length} markers (PostgreSQL misses ${missingFrom(stored, firstHalf).length}; COMPACT_STREAM_ENTRIES=${COMPACT_STREAM_ENTRIES})`,
      15_000,
      100,
    )
    for (const c of cs) c.destroy()
    await Promise.all(cluster.servers.map((_, i) => cluster.kill(i)))
    const compacted = textOfState((await readReportDocument(cluster.db.url, reportId))!.state)

    const redis = cluster.redisClient()
    expect(await redis.flushall()).toBe('OK')
    expect(await redis.dbsize()).toBe(0)
    await restoreProcesses()

    const api = new Api(cluster.servers[0]!.url, admin.token)
    expect(await servedText(api, reportId), 'served = the compacted state').toBe(compacted)
    expect(missingFrom(compacted, firstHalf)).toEqual([])
    // The lock state is read again from PostgreSQL: writes are accepted and acknowledged.
    const after = new MarkerClient(cluster.proxyWsUrl, reportId, admin.token!, 'after')
    clients.push(after)
    await after.waitSynced()
    after.addParagraph()
    await typeEach([after], 5)
    await allAcked([after])
    for (const [i, s] of cluster.servers.entries()) await expectServes(new Api(s.url, admin.token), reportId, [...firstHalf, ...after.typed], `process #${i}`)
    after.destroy()
  })
})
