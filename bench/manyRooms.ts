/**
 * Scenario 6, many rooms: 200 reports with 3 clients each, every client
 * typing 5 characters a second in its own paragraph, cursors on (3,000
 * keystrokes a second in all, each delivered to the 2 others of its room).
 * Total throughput (updates in, update deliveries out, per second) and the
 * update latency over all rooms; ours also persists 200 logs (one group
 * commit and fsync per room).
 *
 *   npx tsx bench/manyRooms.ts [--quick]   → JSON on stdout
 */
import { isMain } from './lib/args'
import { runScenarioCommand } from './lib/scenarioCommand'
import { openClients, type LightClient } from './lib/client'
import { DeliveryTracker, measureWindow, type WindowStats } from './lib/delivery'
import { sleep, waitForQuiet, waitUntil } from './lib/proc'
import { PEERS, startBenchServer, type ServerKind, type StartOptions } from './lib/servers'
import { round, type Distribution } from './lib/stats'
import { seedDoc } from './lib/template'
import { setupSeenByAll, Typist, typeOnSchedule } from './lib/typing'

export interface ManyRoomsOptions {
  rooms: number
  clientsPerRoom: number
  /** Characters per second per client (every client types). */
  rate: number
  cursors: boolean
  warmupMs: number
  measureMs: number
  kinds: ServerKind[]
}

/**
 * Each server starts fresh for this scenario; the first seconds of typing are
 * not measured (4 s), so every server is measured in its steady state, its
 * code compiled, as fanout.ts does, not while V8 still compiles it.
 */
export const MANY_ROOMS_DEFAULTS: ManyRoomsOptions = { rooms: 200, clientsPerRoom: 3, rate: 5, cursors: true, warmupMs: 4000, measureMs: 5000, kinds: ['ours', ...PEERS] }
export const MANY_ROOMS_QUICK: Partial<ManyRoomsOptions> = { warmupMs: 500, measureMs: 2000 }

export interface ManyRoomsRun extends WindowStats {
  server: ServerKind
  updatesSent: number
  deliveries: number
  expectedDeliveries: number
  updatesInPerSec: number
  deliveriesOutPerSec: number
  latency: Distribution
  awarenessLatency: Distribution
  ackLatency: Distribution | null
  cpuPerUpdateUs: number
}

/** `marks` receives performance.now() at the start and end of the measured window (bench/profile.ts lines the CPU profile up with it). */
export async function manyRoomsOnce(
  kind: ServerKind,
  o: ManyRoomsOptions,
  log: (s: string) => void,
  marks?: { start: number; end: number },
  start: StartOptions = {},
): Promise<ManyRoomsRun> {
  const server = await startBenchServer(kind, start)
  const clients: LightClient[] = []
  const typists: Typist[] = []
  try {
    const tracker = new DeliveryTracker()
    const docs: string[] = []
    for (let i = 0; i < o.rooms; i += 8) docs.push(...(await Promise.all(Array.from({ length: Math.min(8, o.rooms - i) }, (_, k) => server.newDoc(`rooms-${i + k}`)))))
    const rooms: LightClient[][] = []
    for (const doc of docs) {
      const room = await openClients(server.endpoint(doc), o.clientsPerRoom, tracker.hooks, o.clientsPerRoom)
      seedDoc(server, room[0]!)
      room.forEach((c, i) => {
        const t = new Typist(c, i, o.cursors)
        t.setup()
        typists.push(t)
      })
      rooms.push(room)
      clients.push(...room)
    }
    await waitUntil(() => rooms.every((room, r) => setupSeenByAll(room, typists.slice(r * o.clientsPerRoom, (r + 1) * o.clientsPerRoom))), 'paragraphs to reach every client', 30_000)
    await sleep(300)
    for (const c of clients) c.applyRemote = false // see fanout.ts: receivers only timestamp

    const warmKeys = Math.round((o.warmupMs / 1000) * o.rate * typists.length)
    let stop: (() => WindowStats) | null = null
    let tFirst = 0
    let tLast = 0
    await typeOnSchedule(typists, o.rate, o.warmupMs + o.measureMs, (ks, typist, k) => {
      if (k === warmKeys) {
        stop = measureWindow(server.pid)
        if (marks) marks.start = performance.now()
      }
      const inWindow = k >= warmKeys
      tracker.record(ks, typist.client, inWindow, o.clientsPerRoom - 1)
      if (inWindow) {
        tFirst ||= ks.t
        tLast = ks.t
      }
    })
    if (!stop) throw new Error('no keystroke in the measured window')
    await waitUntil(() => tracker.deliveries >= tracker.expected, 'deliveries', 10_000).catch(() => {})
    await sleep(100)
    const w = (stop as () => WindowStats)()
    if (marks) marks.end = performance.now()
    const typingS = Math.max(1, tLast - tFirst) / 1000
    const run: ManyRoomsRun = {
      server: kind,
      updatesSent: tracker.measured,
      deliveries: tracker.deliveries,
      expectedDeliveries: tracker.expected,
      updatesInPerSec: round(tracker.measured / typingS, 0),
      deliveriesOutPerSec: round(tracker.deliveries / typingS, 0),
      ...tracker.summary(),
      ...w,
      cpuPerUpdateUs: round((w.serverCpuMs * 1000) / tracker.measured, 1),
    }
    log(
      `[many-rooms] ${kind.padEnd(10)} ${o.rooms}×${o.clientsPerRoom}: ${run.updatesInPerSec} updates/s in, ${run.deliveriesOutPerSec} deliveries/s out, ` +
        `p50 ${run.latency.p50} p99 ${run.latency.p99} ms, delivered ${run.deliveries}/${run.expectedDeliveries}, server CPU ${run.serverCpuPct}%, gen ELU ${run.generatorElu}, other load ${run.foreignCpuPct}%`,
    )
    return run
  } finally {
    for (const t of typists) t.destroy()
    await Promise.all(clients.map((c) => c.close()))
    await server.stop()
  }
}

export interface ManyRoomsResult {
  options: ManyRoomsOptions
  servers: Partial<Record<ServerKind, ManyRoomsRun>>
}

export async function runManyRooms(o: ManyRoomsOptions = MANY_ROOMS_DEFAULTS, log = console.log): Promise<ManyRoomsResult> {
  const out: ManyRoomsResult = { options: o, servers: {} }
  for (const kind of o.kinds) {
    await waitForQuiet(undefined, log)
    out.servers[kind] = await manyRoomsOnce(kind, o, log)
  }
  return out
}

if (isMain(import.meta.url)) await runScenarioCommand('manyRooms', { defaults: MANY_ROOMS_DEFAULTS, quick: MANY_ROOMS_QUICK }, runManyRooms)
