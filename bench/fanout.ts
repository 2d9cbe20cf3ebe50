/**
 * Scenario 1, fan-out: one report, N clients (2, 10, 50, 200), min(N, 10) of
 * them typing 5 characters a second each (mixed Chinese/Latin report text,
 * one update per keystroke) with cursors on (one awareness update per
 * keystroke). Latency = send → arrival at each *other* client (all clients
 * live in this process: one clock). Server CPU from /proc/<pid>/stat, per
 * keystroke and per delivery, against a bare Y.applyUpdate of the same
 * updates measured in this process in the same run.
 *
 * Every server under test runs at once (idle ones cost nothing), each pinned
 * to CPU 0; runs alternate between them so drift on the machine hits all.
 * N = 50 is the headline: `reps` runs per server (medians), also of ours
 * with KPI_RECOMPUTE=off (the KPI on/off check); other N: `ladderReps`.
 *
 *   npx tsx bench/fanout.ts [--quick] [--reps N]   → JSON on stdout
 */
import * as Y from 'yjs'
import { isMain } from './lib/args'
import { runScenarioCommand } from './lib/scenarioCommand'
import { openClients, type LightClient } from './lib/client'
import { DeliveryTracker, measureWindow, type WindowStats } from './lib/delivery'
import { cpuMs, FOREIGN_LIMIT_PCT, MAX_RETRIES, sleep, spendRetry, waitForQuiet, waitUntil } from './lib/proc'
import { PEERS, startServers, stopServers, type BenchServer, type ServerKind } from './lib/servers'
import { median, medianOf, round, type Distribution } from './lib/stats'
import { seedDoc } from './lib/template'
import { setupSeenByAll, Typist, typeOnSchedule } from './lib/typing'

export interface FanoutOptions {
  /** Client counts; `headline` gets `reps` runs per server, the others `ladderReps`. */
  ladder: number[]
  headline: number
  /** At most this many clients type. */
  typists: number
  /** Characters per second per typist. */
  rate: number
  cursors: boolean
  warmupMs: number
  measureMs: number
  /** Measured time at N = 2 (2 typists: 10 keystrokes/s, 1 receiver each): longer, for enough samples. */
  measureMsSmallN: number
  reps: number
  ladderReps: number
  /** Servers at every N; `headlineExtra` only at the headline N. */
  kinds: ServerKind[]
  headlineExtra: ServerKind[]
  /**
   * An unmeasured run per server at the headline N before any measured one,
   * so every server is measured in its steady state (code compiled by V8's
   * optimising tiers), not while it still compiles: a long-lived server
   * spends its life there, and a bigger server would otherwise pay more.
   */
  steadyStateMs: number
}

export const FANOUT_DEFAULTS: FanoutOptions = {
  ladder: [2, 10, 50, 200],
  headline: 50,
  typists: 10,
  rate: 5,
  cursors: true,
  warmupMs: 1000,
  measureMs: 5000,
  measureMsSmallN: 8000,
  reps: 3,
  ladderReps: 1,
  kinds: ['ours', ...PEERS],
  headlineExtra: ['ours-nokpi'],
  steadyStateMs: 5000,
}

export const FANOUT_QUICK: Partial<FanoutOptions> = { warmupMs: 500, measureMs: 2000, measureMsSmallN: 3000, reps: 1, steadyStateMs: 1000 }

/** What one run needs to know beyond the options (saturation reuses it at other rates). */
export interface RunShape {
  clients: number
  typists: number
  rate: number
  cursors: boolean
  warmupMs: number
  measureMs: number
  /** Longest wait for the last deliveries after typing stopped. */
  drainMs: number
}

export interface FanoutRun extends WindowStats {
  server: ServerKind
  pinned: boolean
  clients: number
  typists: number
  rate: number
  updatesSent: number
  deliveries: number
  expectedDeliveries: number
  /** Document update latency, send → each other client's receipt, ms. */
  latency: Distribution
  /** p99 with undelivered updates counted as infinitely late (saturation criterion). */
  p99WithMissing: number
  /** Awareness (cursor) latency, ms. */
  awarenessLatency: Distribution
  /** Ours: MESSAGE_SAVED (fsynced); Hocuspocus: SyncStatus (applied in memory, not stored); send → ack, ms. */
  ackLatency: Distribution | null
  /** Frames the server sent to all clients in the window (updates, cursors, acks, echoes). */
  framesOut: number
  /** First to last keystroke of the measured window, ms (the achieved typing rate is updatesSent over this). */
  typingMs: number
  cpuPerUpdateUs: number
  cpuPerDeliveryUs: number
  cpuPerFrameOutUs: number
  mainThreadCpuPerUpdateUs: number
  otherThreadsCpuPerUpdateUs: number
  avgUpdateBytes: number
}

/** The receivers' document before typing and every update typed, for the bare Y.applyUpdate baseline. */
export interface TypedTrace {
  before: Uint8Array
  updates: Uint8Array[]
}

const IDLE_SAMPLE_MS = 3000
/** Wait after the last run before idle CPU is sampled (ours unloads its rooms 2 s after the last client left). */
const IDLE_SETTLE_MS = 3000

/** Wait after a run on ours before the next: its room unloads 2 s after the last client left (compaction, snapshot). */
const OURS_SETTLE_MS = 2300

export async function fanoutOnce(server: BenchServer, o: RunShape, trace?: TypedTrace): Promise<FanoutRun> {
  const clients: LightClient[] = []
  const typists: Typist[] = []
  try {
    const doc = await server.newDoc('fanout')
    const tracker = new DeliveryTracker()
    clients.push(...(await openClients(server.endpoint(doc), o.clients, tracker.hooks, 25)))
    seedDoc(server, clients[0]!)
    const nTypists = Math.min(o.typists, o.clients)
    for (let i = 0; i < nTypists; i++) {
      const typist = new Typist(clients[i]!, i, o.cursors)
      typist.setup()
      typists.push(typist)
    }
    // Everyone has every paragraph before typing starts.
    await waitUntil(() => setupSeenByAll(clients, typists), 'paragraphs to reach every client')
    await sleep(200)
    if (trace) trace.before = Y.encodeStateAsUpdate(clients.at(-1)!.doc)
    // From here on receivers only timestamp: applying every update in every
    // one of N Y.Docs would make the load generator the bottleneck at large N.
    // Typists type at the end of their own paragraph and need no remote updates.
    for (const c of clients) c.applyRemote = false

    const perSecond = o.rate * nTypists
    const warmKeys = Math.round((o.warmupMs / 1000) * perSecond)
    let stopWindow: (() => WindowStats) | null = null
    let frames0 = 0
    let bytes = 0
    let tFirst = 0
    let tLast = 0
    const framesIn = () => clients.reduce((sum, c) => sum + c.framesIn, 0)
    await typeOnSchedule(typists, o.rate, o.warmupMs + o.measureMs, (ks, typist, k) => {
      const inWindow = k >= warmKeys
      if (k === warmKeys) {
        stopWindow = measureWindow(server.pid)
        frames0 = framesIn()
      }
      tracker.record(ks, typist.client, inWindow, o.clients - 1)
      if (inWindow) {
        bytes += ks.bytes
        tFirst ||= ks.t
        tLast = ks.t
      }
      if (trace) trace.updates.push(ks.update)
    })
    if (!stopWindow) throw new Error('no keystroke in the measured window')
    await waitUntil(() => tracker.deliveries >= tracker.expected, 'deliveries', o.drainMs).catch(() => {})
    if (server.kind === 'ours' || server.kind === 'ours-nokpi') {
      await waitUntil(() => typists.every((t) => t.client.saved >= t.client.writesSent), 'save acks', o.drainMs).catch(() => {})
    }
    await sleep(100)
    const w = (stopWindow as () => WindowStats)()
    const framesOut = framesIn() - frames0
    const measured = tracker.measured
    return {
      server: server.kind,
      pinned: server.pinned,
      clients: o.clients,
      typists: nTypists,
      rate: o.rate,
      updatesSent: measured,
      deliveries: tracker.deliveries,
      expectedDeliveries: tracker.expected,
      ...tracker.summary(),
      p99WithMissing: round(tracker.p99WithMissing()),
      framesOut,
      typingMs: round(tLast - tFirst, 1),
      ...w,
      cpuPerUpdateUs: round((w.serverCpuMs * 1000) / measured, 1),
      cpuPerDeliveryUs: round((w.serverCpuMs * 1000) / Math.max(1, tracker.deliveries), 2),
      cpuPerFrameOutUs: round((w.serverCpuMs * 1000) / Math.max(1, framesOut), 2),
      mainThreadCpuPerUpdateUs: round((w.mainThreadMs * 1000) / measured, 1),
      otherThreadsCpuPerUpdateUs: round((w.otherThreadsMs * 1000) / measured, 1),
      avgUpdateBytes: round(bytes / measured, 1),
    }
  } finally {
    for (const t of typists) t.destroy()
    await Promise.all(clients.map((c) => c.close()))
  }
}

/**
 * CPU time of a bare Y.applyUpdate of the typed updates, in this process
 * (pinned to CPU 1, same CPU model as the server's): per update, median over
 * repetitions on a fresh copy of the receivers' document.
 */
export function bareApplyUs(trace: TypedTrace, reps = 15): number {
  const perUpdate: number[] = []
  for (let rep = 0; rep < reps + 3; rep++) {
    const doc = new Y.Doc()
    Y.applyUpdate(doc, trace.before)
    const t0 = process.cpuUsage()
    for (const u of trace.updates) Y.applyUpdate(doc, u)
    const used = process.cpuUsage(t0)
    doc.destroy()
    if (rep >= 3) perUpdate.push((used.user + used.system) / trace.updates.length) // the first ones warm the JIT
  }
  return round(median(perUpdate), 2)
}

export interface FanoutResult {
  options: FanoutOptions
  /** Runs per N (as a string key) per server. */
  runs: Record<string, Partial<Record<ServerKind, FanoutRun[]>>>
  /** Runs repeated because something else loaded the machine meanwhile. */
  discarded: FanoutRun[]
  /** Bare Y.applyUpdate of the headline run's typed updates, µs per update (CPU time). */
  bareApplyUs: number
  /** Each server's CPU with no client at all (timers, monitors), ms per second; subtracted in the fixed/per-client split. */
  idleCpuMsPerSec: Partial<Record<ServerKind, number>>
  bareApplyUpdates: number
}

export function shapeFor(o: FanoutOptions, n: number): RunShape {
  return {
    clients: n,
    typists: o.typists,
    rate: o.rate,
    cursors: o.cursors,
    warmupMs: o.warmupMs,
    measureMs: n <= 2 ? o.measureMsSmallN : o.measureMs,
    drainMs: 10_000,
  }
}

export async function runFanout(o: FanoutOptions = FANOUT_DEFAULTS, log = console.log): Promise<FanoutResult> {
  const kinds = [...new Set([...o.kinds, ...o.headlineExtra])]
  const servers = await startServers(kinds)
  const result: FanoutResult = { options: o, runs: {}, discarded: [], bareApplyUs: Number.NaN, bareApplyUpdates: 0, idleCpuMsPerSec: {} }
  let trace: TypedTrace | undefined
  try {
    await waitForQuiet(undefined, log)
    for (const kind of kinds) {
      if (o.steadyStateMs <= 0) break
      await fanoutOnce(servers[kind], { ...shapeFor(o, o.headline), warmupMs: 0, measureMs: o.steadyStateMs })
      if (kind === 'ours' || kind === 'ours-nokpi') await sleep(OURS_SETTLE_MS)
    }
    log(`[fanout] every server ran ${o.steadyStateMs} ms at N = ${o.headline} unmeasured (steady state)`)
    // Headline first (its medians matter most), then the rest of the ladder.
    const order = [o.headline, ...o.ladder.filter((n) => n !== o.headline)]
    for (const n of order) {
      const runKinds = n === o.headline ? kinds : o.kinds
      const reps = n === o.headline ? o.reps : o.ladderReps
      const perKind = (result.runs[String(n)] = {} as Partial<Record<ServerKind, FanoutRun[]>>)
      for (let rep = 1; rep <= reps; rep++) {
        for (const kind of runKinds) {
          for (let attempt = 0; ; attempt++) {
            const t0 = performance.now()
            const wantTrace = !trace && kind === 'ours' && n === o.headline
            const tr: TypedTrace | undefined = wantTrace ? { before: new Uint8Array(), updates: [] } : undefined
            const run = await fanoutOnce(servers[kind], shapeFor(o, n), tr)
            if (kind === 'ours' || kind === 'ours-nokpi') await sleep(OURS_SETTLE_MS)
            const disturbed = run.foreignCpuPct + run.stealPct > FOREIGN_LIMIT_PCT
            const repeat = disturbed && attempt < MAX_RETRIES && spendRetry(performance.now() - t0)
            log(
              `[fanout] N=${n} rep ${rep} ${kind.padEnd(10)} p50 ${run.latency.p50} p99 ${run.latency.p99} p99.9 ${run.latency.p999} ms  ` +
                `cpu/update ${run.cpuPerUpdateUs} µs  deliveries ${run.deliveries}/${run.expectedDeliveries}  gen ELU ${run.generatorElu}  ` +
                `other load ${run.foreignCpuPct}% steal ${run.stealPct}%${disturbed ? (repeat ? ' → disturbed, repeating' : ' → disturbed, kept') : ''}`,
            )
            if (!repeat) {
              ;(perKind[kind] ??= []).push(run)
              if (tr) trace = tr
              break
            }
            result.discarded.push(run)
          }
        }
      }
    }
    // Idle CPU of every server at once, once all are idle again after serving
    // (not just after boot, when V8 still collects the start-up garbage): at
    // N = 2 the load is light enough for it to matter.
    await sleep(IDLE_SETTLE_MS)
    await waitForQuiet(undefined, log)
    const idle0 = kinds.map((k) => cpuMs(servers[k].pid))
    await sleep(IDLE_SAMPLE_MS)
    kinds.forEach((k, i) => (result.idleCpuMsPerSec[k] = round(((cpuMs(servers[k].pid) - idle0[i]!) * 1000) / IDLE_SAMPLE_MS, 2)))
    log(`[fanout] idle CPU, ms/s: ${kinds.map((k) => `${k} ${result.idleCpuMsPerSec[k]}`).join(', ')}`)
  } finally {
    await stopServers(servers)
  }
  if (trace && trace.updates.length > 0) {
    result.bareApplyUs = bareApplyUs(trace)
    result.bareApplyUpdates = trace.updates.length
  }
  return result
}

/** Median of a field over the runs of one server at one N. */
export function fanoutMedian(res: FanoutResult, n: number, kind: ServerKind, pick: (r: FanoutRun) => number | null | undefined): number {
  return medianOf(res.runs[String(n)]?.[kind] ?? [], pick)
}

if (isMain(import.meta.url)) await runScenarioCommand('fanout', { defaults: FANOUT_DEFAULTS, quick: FANOUT_QUICK, reps: true, quickBudget: false }, runFanout)
