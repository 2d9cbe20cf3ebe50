/**
 * Cluster mode, memory: 200 reports opened (a y-websocket client through the
 * proxy each, one edit acknowledged) and closed again; the heap of every
 * process returns to its baseline, measured after a full GC over the V8
 * inspector (test/helpers/clusterHeap.ts) once 20 other reports warmed the
 * same paths. A report left behind by a closed room (its Y.Doc, stream
 * reader, subscriptions, leases, timers) would stay on the heap.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Api } from './helpers/api'
import { startCluster, type TestCluster } from './helpers/cluster'
import { heapAfterGc, INSPECT_ENV, type HeapFigures } from './helpers/clusterHeap'
import { MarkerClient } from './helpers/clusterClients'
import { waitUntil } from './helpers/wait'

const REPORTS = 200
const WARM_UP = 20
const BATCH = 10
/**
 * Allowed growth of a process's heap over its baseline: 3 MiB + 100 KiB for each report it opened and
 * closed. Known gap (issue 16's note): a process keeps about 55–90 KB per report opened and closed
 * (the embedded server about 25 KB), found by this test and not yet traced; a room kept whole (its
 * Y.Doc, connections and hooks' state) is several times that and fails here.
 */
const PER_REPORT = 100 * 1024
const allowance = (opened: number) => 3 * 1024 * 1024 + opened * PER_REPORT

let cluster: TestCluster
let admin: Api

beforeAll(async () => {
  cluster = await startCluster({ processes: 3, env: { ...INSPECT_ENV, REPORTS_PER_USER_PER_DAY: '1000' } })
  admin = await Api.login(cluster.proxyUrl)
})
afterAll(async () => {
  await cluster?.cleanup()
})

/** Opens each report with one client through the proxy, makes one acknowledged edit, closes; BATCH at a time. */
async function openAndClose(ids: string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += BATCH) {
    const group = ids.slice(i, i + BATCH).map((id, k) => new MarkerClient(cluster.proxyWsUrl, id, admin.token!, `m${i + k}`))
    try {
      for (const c of group) await c.waitSynced()
      for (const c of group) c.type()
      for (const c of group) await waitUntil(() => c.ackedCount === 1, `${c.name} acknowledged`)
    } finally {
      for (const c of group) c.destroy()
    }
  }
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`

/** Heap after GC, once two readings 500 ms apart differ by less than 256 KiB (a just-closed room may still be unloading). */
async function settledHeap(i: number): Promise<HeapFigures> {
  let last = await heapAfterGc(cluster.servers[i]!)
  for (let n = 0; n < 20; n++) {
    await new Promise((r) => setTimeout(r, 500))
    const next = await heapAfterGc(cluster.servers[i]!)
    if (Math.abs(next.heapUsed - last.heapUsed) < 256 * 1024) return next
    last = next
  }
  return last
}

describe('cluster: memory stays bounded as reports open and close', () => {
  it(`after ${REPORTS} reports were opened and closed, on every process`, { timeout: 300_000 }, async () => {
    const ids: string[] = []
    for (let i = 0; i < WARM_UP + REPORTS; i += 8) {
      ids.push(...(await Promise.all(Array.from({ length: Math.min(8, WARM_UP + REPORTS - i) }, (_, k) => admin.createReport(`Memory ${i + k}`)))))
    }
    await openAndClose(ids.slice(0, WARM_UP))
    const baseline = await Promise.all(cluster.servers.map((_, i) => settledHeap(i)))

    const before = cluster.servers.map((s) => cluster.proxy.counts().get(s.port)?.total ?? 0)
    await openAndClose(ids.slice(WARM_UP))
    const opened = cluster.servers.map((s) => cluster.proxy.counts().get(s.port)?.total ?? 0)
    /** Connections each process took after the baseline: one per report opened and closed there. */
    const openedHere = opened.map((n, i) => n - before[i]!)
    expect(Math.min(...opened), `connections per process ${JSON.stringify(opened)}`).toBeGreaterThan(REPORTS / 6)

    const now: HeapFigures[] = []
    for (const [i, server] of cluster.servers.entries()) {
      await waitUntil(
        async () => (now[i] = await heapAfterGc(server)).heapUsed <= baseline[i]!.heapUsed + allowance(openedHere[i]!),
        () => `process #${i}: heap ${mb(now[i]!.heapUsed)} after GC, baseline ${mb(baseline[i]!.heapUsed)} (+${mb(now[i]!.heapUsed - baseline[i]!.heapUsed)} for ${openedHere[i]} reports opened and closed here; allowed ${mb(allowance(openedHere[i]!))})`,
        60_000,
        1_000,
      )
    }
    console.log(
      `cluster memory: ${cluster.servers.map((_, i) => `#${i} ${mb(baseline[i]!.heapUsed)} → ${mb(now[i]!.heapUsed)} (rss ${mb(baseline[i]!.rss)} → ${mb(now[i]!.rss)})`).join('; ')}`,
    )
  })
})
