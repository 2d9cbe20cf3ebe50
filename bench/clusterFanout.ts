/**
 * Cluster mode (issue 16): one cluster of 3 server processes on a private
 * PostgreSQL database and redis-server (test/helpers/cluster.ts), measured in
 * one run:
 *
 *   - fan-out: N clients on one report, `typists` of them typing `rate`
 *     characters a second with cursors on (lib/typing.ts), the clients
 *     `spread` over the 3 processes (client i on process i mod 3) against
 *     all on process #0 (`single`), runs alternating; plus, for reference, an
 *     embedded server (files, no services; `embedded`). Latency = send →
 *     arrival at each other client (one clock: every client lives here).
 *     The Redis hop = spread p50 − single p50 (goal: within 1 ms).
 *   - CPU per update of each process (and of redis-server) in the measured
 *     window, from /proc/<pid>/task/<tid>/schedstat (lib/proc.ts cpuMs),
 *     divided by the updates typed in the whole cluster.
 *   - join: a ~100,000-character report compacted into PostgreSQL, with a
 *     stream tail of `tailEntries` updates typed after it by a client that
 *     keeps the report open on process #0; a client joins through process
 *     #1 or #2 (report not open there): client created → sync step 2 arrived
 *     (as bench/join.ts measures).
 *     Each join is closed and waited out (the room unloads and compacts), and
 *     the tail is typed again before the next.
 *
 * Clients connect to the processes directly (no proxy: it would add a hop of
 * its own). The server processes are pinned to CPU 0 like every server of
 * the benchmarks, this generator to CPU 1; PostgreSQL and Redis float.
 *
 *   npx tsx bench/clusterFanout.ts [--quick] [--reps N]   → JSON on stdout
 */
import { rmSync } from 'node:fs'
import type { JSONContent } from '@tiptap/core'
import { doc, h, p, section } from '../schema/docBuilder'
import { monthlyOps } from '../schema/templates/monthlyOps'
import { Api } from '../test/helpers/api'
import { startCluster, type TestCluster } from '../test/helpers/cluster'
import { startServer, type TestServer } from '../test/helpers/startServer'
import { isMain } from './lib/args'
import { createBigReport } from './lib/bigReport'
import { LightClient, type Endpoint } from './lib/client'
import { DeliveryTracker } from './lib/delivery'
import { yWebsocketFraming } from './lib/framing'
import { cpuMs, pin, sleep, track, trackDir, waitForQuiet, waitUntil } from './lib/proc'
import { runScenarioCommand } from './lib/scenarioCommand'
import { BENCH_LIMITS } from './lib/servers'
import { median, medianOf, round, type Distribution } from './lib/stats'
import { setupSeenByAll, Typist, typeOnSchedule } from './lib/typing'

export type ClusterFanoutMode = 'spread' | 'single' | 'embedded'

export interface ClusterFanoutOptions {
  clients: number
  typists: number
  /** Characters per second per typist. */
  rate: number
  warmupMs: number
  measureMs: number
  /** Measured runs per mode (alternating). */
  reps: number
  modes: ClusterFanoutMode[]
  /** Characters of the join report (at least). */
  joinChars: number
  /** Updates in the stream after the compacted state when a client joins. */
  tailEntries: number
  joins: number
}

export const CLUSTER_FANOUT_DEFAULTS: ClusterFanoutOptions = {
  clients: 30,
  typists: 10,
  rate: 5,
  warmupMs: 1000,
  measureMs: 5000,
  reps: 3,
  modes: ['spread', 'single', 'embedded'],
  joinChars: 100_000,
  tailEntries: 200,
  joins: 6,
}

export const CLUSTER_FANOUT_QUICK: Partial<ClusterFanoutOptions> = { measureMs: 2000, reps: 1, joins: 2, tailEntries: 50 }

export interface ClusterFanoutRun {
  mode: ClusterFanoutMode
  clients: number
  /** Clients per process (#0, #1, #2; embedded: one entry). */
  perProcess: number[]
  updatesSent: number
  deliveries: number
  expectedDeliveries: number
  latency: Distribution
  awarenessLatency: Distribution
  /** send → MESSAGE_SAVED (in Redis with appendfsync always; embedded: fsynced to the file). */
  ackLatency: Distribution | null
  /** CPU per update typed (whole cluster's updates), µs, per process; embedded: one entry. */
  cpuPerUpdateUs: number[]
  /** redis-server's CPU per update, µs (cluster modes). */
  redisCpuPerUpdateUs: number | null
}

export interface ClusterJoinResult {
  chars: number
  /** Bytes of the first sync step 2 (the whole document). */
  step2Bytes: number
  tailEntries: number
  /** Client created → sync step 2 arrived (connect, upgrade, load, step 2), ms, per join. */
  joinMs: number[]
  medianMs: number
}

export interface ClusterFanoutResult {
  options: ClusterFanoutOptions
  runs: Partial<Record<ClusterFanoutMode, ClusterFanoutRun[]>>
  /** Medians over the runs per mode. */
  p50: Partial<Record<ClusterFanoutMode, number>>
  p99: Partial<Record<ClusterFanoutMode, number>>
  /** spread p50 − single p50, ms (goal ≤ 1). */
  redisHopMs: number
  goalHopMs: number
  pass: boolean
  join: ClusterJoinResult
}

/** Room unload after the last client left (2 s) and the compaction at close. */
const SETTLE_MS = 2500

const text500 = (seed: number) => {
  const base = `第${seed}段：本月服务量环比上升 4.2%，主要来自新产品上线后的咨询；availability 99.95%，tickets 1,234，mean response 120 ms。`
  return base.repeat(Math.ceil(500 / base.length)).slice(0, 500)
}

/** A report body of at least `chars` characters of paragraph text over the template's sections. */
export function longReport(chars: number): JSONContent {
  const sections = monthlyOps.sections
  const paragraphs = Math.ceil(chars / 500)
  const per = Math.ceil(paragraphs / sections.length)
  let n = 0
  return doc(
    h(1, '2026年11月 运营服务月报（集群加入测试）'),
    ...sections.map((t) => section(t.key, t.title['zh-CN'], ...Array.from({ length: per }, () => p(text500(++n))))),
  )
}

/** Characters of text in a ProseMirror JSON document. */
const textLength = (n: JSONContent): number => (n.text?.length ?? 0) + (n.content ?? []).reduce((sum, c) => sum + textLength(c), 0)

interface Target {
  label: string
  pid: number
  endpoint(reportId: string): Endpoint
}

function targetOf(server: TestServer, token: string, label: string): Target {
  const headers = { authorization: `Bearer ${token}` }
  return { label, pid: server.proc.pid!, endpoint: (id) => ({ url: `${server.wsUrl}/${id}`, framing: yWebsocketFraming, headers }) }
}

async function fanoutRun(mode: ClusterFanoutMode, api: Api, targets: Target[], redisPid: number | null, o: ClusterFanoutOptions): Promise<ClusterFanoutRun> {
  const reportId = await api.createReport(`cluster fan-out ${mode}`, '2026-11')
  const tracker = new DeliveryTracker()
  const clients: LightClient[] = []
  const typists: Typist[] = []
  try {
    const where = Array.from({ length: o.clients }, (_, i) => targets[i % targets.length]!)
    for (let i = 0; i < o.clients; i += 10) {
      const group = where.slice(i, i + 10).map((t) => new LightClient(t.endpoint(reportId), tracker.hooks))
      clients.push(...group)
      await Promise.all(group.map((c) => c.synced))
    }
    const nTypists = Math.min(o.typists, o.clients)
    for (let i = 0; i < nTypists; i++) {
      const typist = new Typist(clients[i]!, i, true)
      typist.setup()
      typists.push(typist)
    }
    await waitUntil(() => setupSeenByAll(clients, typists), 'paragraphs to reach every client', 20_000)
    await sleep(200)
    for (const c of clients) c.applyRemote = false

    const perSecond = o.rate * nTypists
    const warmKeys = Math.round((o.warmupMs / 1000) * perSecond)
    let cpu0: number[] = []
    let redis0 = 0
    await typeOnSchedule(typists, o.rate, o.warmupMs + o.measureMs, (ks, typist, k) => {
      if (k === warmKeys) {
        cpu0 = targets.map((t) => cpuMs(t.pid))
        redis0 = redisPid ? cpuMs(redisPid) : 0
      }
      tracker.record(ks, typist.client, k >= warmKeys, o.clients - 1)
    })
    const cpu1 = targets.map((t) => cpuMs(t.pid))
    const redis1 = redisPid ? cpuMs(redisPid) : 0
    await waitUntil(() => tracker.deliveries >= tracker.expected, 'deliveries', 10_000).catch(() => {})
    await waitUntil(() => typists.every((t) => t.client.saved >= t.client.writesSent), 'save acks', 10_000).catch(() => {})
    const measured = Math.max(1, tracker.measured)
    return {
      mode,
      clients: o.clients,
      perProcess: targets.map((t) => where.filter((w) => w === t).length),
      updatesSent: tracker.measured,
      deliveries: tracker.deliveries,
      expectedDeliveries: tracker.expected,
      ...tracker.summary(),
      cpuPerUpdateUs: targets.map((_, i) => round(((cpu1[i]! - cpu0[i]!) * 1000) / measured, 1)),
      redisCpuPerUpdateUs: redisPid ? round(((redis1 - redis0) * 1000) / measured, 1) : null,
    }
  } finally {
    for (const t of typists) t.destroy()
    await Promise.all(clients.map((c) => c.close()))
  }
}

/** Types `n` characters through `client` at the end of a paragraph of its own, as fast as acknowledged in batches. */
async function typeTail(client: LightClient, n: number): Promise<void> {
  const typist = new Typist(client, 99, false)
  typist.setup()
  for (let i = 0; i < n; i++) {
    typist.keystroke()
    if (i % 25 === 24) await waitUntil(() => client.saved >= client.writesSent, 'tail acknowledged', 10_000)
  }
  await waitUntil(() => client.saved >= client.writesSent, 'tail acknowledged', 10_000)
  typist.destroy()
}

async function joinBench(cluster: TestCluster, api: Api, o: ClusterFanoutOptions, log: (s: string) => void): Promise<ClusterJoinResult> {
  const json = longReport(o.joinChars)
  const reportId = await createBigReport(api, cluster.servers[0]!.wsUrl, json, 'cluster join')
  // Compacted into PostgreSQL when the writer's room closes.
  await sleep(SETTLE_MS)
  const holder = new LightClient(targetOf(cluster.servers[0]!, api.token!, '#0').endpoint(reportId), {}, { applyRemote: false })
  const joinMs: number[] = []
  let step2Bytes = 0
  try {
    await holder.synced
    for (let j = 0; j < o.joins; j++) {
      await typeTail(holder, o.tailEntries)
      const server = cluster.servers[1 + (j % 2)]!
      const joiner = new LightClient(targetOf(server, api.token!, '').endpoint(reportId), {}, { applyRemote: false })
      await joiner.synced
      joinMs.push(round(joiner.timeToStep2, 2))
      step2Bytes = joiner.step2?.length ?? 0
      await joiner.close()
      log(`[clusterFanout] join #${j + 1} through process #${1 + (j % 2)}: ${joinMs.at(-1)} ms (${step2Bytes} bytes, tail ${o.tailEntries})`)
      await sleep(SETTLE_MS)
    }
  } finally {
    await holder.close()
  }
  const chars = textLength(json)
  return { chars, step2Bytes, tailEntries: o.tailEntries, joinMs, medianMs: round(median(joinMs), 2) }
}

export async function runClusterFanout(o: ClusterFanoutOptions = CLUSTER_FANOUT_DEFAULTS, log = console.log): Promise<ClusterFanoutResult> {
  const cluster = await startCluster({ processes: 3, env: { ...BENCH_LIMITS, REPORTS_PER_USER_PER_DAY: '100000' } })
  let embedded: TestServer | null = null
  try {
    for (const s of cluster.servers) {
      track(s.proc)
      trackDir(s.dataDir)
      pin(s.proc.pid!, 0)
    }
    track(cluster.redis.proc)
    const api = await Api.login(cluster.servers[0]!.url)
    const procs = cluster.servers.map((s, i) => targetOf(s, api.token!, `#${i}`))
    const redisPid = cluster.redis.proc.pid ?? null
    let embeddedApi: Api | null = null
    let embeddedTarget: Target | null = null
    if (o.modes.includes('embedded')) {
      embedded = await startServer({ env: { ...BENCH_LIMITS, SEED_DEMO: 'false', REPORTS_PER_USER_PER_DAY: '100000' } })
      track(embedded.proc)
      trackDir(embedded.dataDir)
      pin(embedded.proc.pid!, 0)
      embeddedApi = await Api.login(embedded.url)
      embeddedTarget = targetOf(embedded, embeddedApi.token!, 'embedded')
    }
    const shapeOf = (mode: ClusterFanoutMode): [Api, Target[], number | null] =>
      mode === 'spread' ? [api, procs, redisPid] : mode === 'single' ? [api, [procs[0]!], redisPid] : [embeddedApi!, [embeddedTarget!], null]

    await waitForQuiet(undefined, log)
    // One unmeasured run per mode: every process compiled its hot paths before it is measured.
    for (const mode of o.modes) await fanoutRun(mode, ...shapeOf(mode), { ...o, warmupMs: 0, measureMs: 1000 })
    await sleep(SETTLE_MS)

    const runs: Partial<Record<ClusterFanoutMode, ClusterFanoutRun[]>> = {}
    for (let rep = 1; rep <= o.reps; rep++) {
      for (const mode of o.modes) {
        const run = await fanoutRun(mode, ...shapeOf(mode), o)
        ;(runs[mode] ??= []).push(run)
        log(
          `[clusterFanout] rep ${rep} ${mode.padEnd(8)} p50 ${run.latency.p50} p99 ${run.latency.p99} ms  saved p50 ${run.ackLatency?.p50 ?? 'n/a'} ms  ` +
            `cpu/update ${run.cpuPerUpdateUs.join(' / ')} µs${run.redisCpuPerUpdateUs !== null ? `  redis ${run.redisCpuPerUpdateUs} µs` : ''}  deliveries ${run.deliveries}/${run.expectedDeliveries}`,
        )
        await sleep(SETTLE_MS)
      }
    }
    const p50: Partial<Record<ClusterFanoutMode, number>> = {}
    const p99: Partial<Record<ClusterFanoutMode, number>> = {}
    for (const mode of o.modes) {
      p50[mode] = medianOf(runs[mode] ?? [], (r) => r.latency.p50)
      p99[mode] = medianOf(runs[mode] ?? [], (r) => r.latency.p99)
    }
    const redisHopMs = round((p50.spread ?? Number.NaN) - (p50.single ?? Number.NaN), 3)
    const join = await joinBench(cluster, api, o, log)
    return { options: o, runs, p50, p99, redisHopMs, goalHopMs: 1, pass: redisHopMs <= 1, join }
  } finally {
    if (embedded) {
      await embedded.stop()
      rmSync(embedded.dataDir, { recursive: true, force: true })
    }
    await cluster.cleanup()
  }
}

/** Medians of one mode's CPU per update, per process. */
export function cpuMedians(res: ClusterFanoutResult, mode: ClusterFanoutMode): number[] {
  const runs = res.runs[mode] ?? []
  const n = runs[0]?.cpuPerUpdateUs.length ?? 0
  return Array.from({ length: n }, (_, i) => medianOf(runs, (r) => r.cpuPerUpdateUs[i]))
}

if (isMain(import.meta.url)) await runScenarioCommand('clusterFanout', { defaults: CLUSTER_FANOUT_DEFAULTS, quick: CLUSTER_FANOUT_QUICK, reps: true }, runClusterFanout)
