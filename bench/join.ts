/**
 * Joining a document with a long history: 100k characters typed as many small
 * inserts plus some deletes, sent by one client through the server (so ours
 * has it in its log), then:
 *   - warm single joins: the room is open (the writer stays connected);
 *     also "after an edit", so no cached full-state frame can be used;
 *   - a storm: 50 clients join at once (after an edit), each one's time to
 *     first sync, the server CPU for the storm, and whether every joiner got
 *     byte-identical step-2 frames;
 *   - cold (servers that unload and persist: ours, Hocuspocus): every
 *     client left > 3 s ago, the document is unloaded, the next join loads
 *     it from disk. The reference keeps documents in memory forever, so it
 *     has no cold case; the null relay holds no state, so no join at all.
 * Time to first sync = socket created → sync step 2 received and applied.
 * Full-state encodes are counted inside each server (lib/encodeCounter.mjs:
 * Y.encodeStateAsUpdate with no or an empty state vector).
 *
 *   npx tsx bench/join.ts [--quick] [--reps N]
 */
import { createHash } from 'node:crypto'
import * as Y from 'yjs'
import { isMain } from './lib/args'
import { runScenarioCommand } from './lib/scenarioCommand'
import { LightClient, type Endpoint } from './lib/client'
import { cpuMs, sleep, undisturbed, waitForQuiet, waitUntil, watchOtherLoad, withTimeout, type OtherLoad } from './lib/proc'
import { startBenchServer, type BenchServer, type ServerKind } from './lib/servers'
import { median, percentile, round } from './lib/stats'

export interface JoinOptions {
  historyChars: number
  singleJoins: number
  stormClients: number
  /** Wait after the last client left before a cold join (ours unloads after 2 s + saving). */
  coldWaitMs: number
  reps: number
  /** Cold joins and cold storms (each waits coldWaitMs twice). */
  coldReps: number
  kinds: ServerKind[]
}

export const JOIN_DEFAULTS: JoinOptions = { historyChars: 100_000, singleJoins: 20, stormClients: 50, coldWaitMs: 4000, reps: 3, coldReps: 1, kinds: ['ours', 'reference', 'hocuspocus'] }

export const JOIN_QUICK: Partial<JoinOptions> = { historyChars: 20_000, singleJoins: 5, reps: 1 }

export interface StormRun {
  clients: number
  /** Socket created → step 2 arrived (joiners decode but do not apply: applying 50 copies in one process would time the load generator). */
  p50: number
  p99: number
  max: number
  /** Distinct step-2 payloads among the joiners (1 = byte-identical). */
  distinctStep2: number
  serverCpuMs: number
  /** Full-state encodes the server did during the storm (counted inside it); null if not counted. */
  fullStateEncodes: number | null
}

export interface SingleJoins {
  /** Median time to first sync (step 2 received and applied) over the joins of one repetition, ms. */
  medianMs: number
  p90Ms: number
  /** Median time to the arrival of step 2 (before applying), ms. */
  step2ArrivalMs: number
  /** Median socket-open time (TCP + upgrade + auth), ms. */
  openMs: number
  /** Server CPU per join (incl. the edit for "after edit"), ms; 1/CLK_TCK resolution over the batch. */
  cpuPerJoinMs: number
}

export interface JoinResult {
  server: ServerKind
  pinned: boolean
  historyUpdates: number
  historyChars: number
  deletedChars: number
  fullStateBytes: number
  ingestUpdatesPerSec: number
  /** Server CPU per ingested history update, µs. */
  ingestCpuPerUpdateUs: number
  contentMatches: boolean
  /** Other load on the machine during ingest and during each repetition (see lib/proc watchOtherLoad). */
  ingestOtherLoad: OtherLoad
  otherLoad: OtherLoad[]
  /** Repetitions measured again because the machine was busy with something else. */
  repeatedReps: number
  warm: SingleJoins[]
  warmAfterEdit: SingleJoins[]
  storm: StormRun[]
  cold: SingleJoins[] | null
  coldStorm: StormRun[] | null
}

/** Deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const WORDS = Array.from('运营服务月报本月可用性工单响应时间变更回滚容量成本安全事件 availability tickets response changes rollback capacity cost incidents 99.95% 1,234 ms ')

/** Types the history on a local copy of `base` (one update per operation); returns the updates. */
function typeHistory(base: Uint8Array, chars: number): { updates: Uint8Array[]; deleted: number } {
  const random = rng(20261101)
  const doc = new Y.Doc()
  Y.applyUpdate(doc, base)
  const fragment = doc.getXmlFragment('default')
  const updates: Uint8Array[] = []
  let last: Uint8Array | null = null
  doc.on('update', (u: Uint8Array) => (last = u))
  const edit = (fn: () => void) => {
    last = null
    doc.transact(fn)
    return last
  }
  let text!: Y.XmlText
  let cursor = 0
  let paragraphTarget = 0
  let inserted = 0
  let deleted = 0
  const push = (u: Uint8Array | null) => u && updates.push(u)
  const newParagraph = () => {
    push(
      edit(() => {
        const p = new Y.XmlElement('paragraph')
        text = new Y.XmlText()
        p.insert(0, [text])
        fragment.insert(fragment.length, [p])
      }),
    )
    cursor = 0
    paragraphTarget = 300 + Math.floor(random() * 500)
  }
  newParagraph()
  while (inserted < chars) {
    const r = random()
    if (r < 0.1 && text.length > 5) {
      const len = Math.min(cursor, 1 + Math.floor(random() * 5))
      if (len > 0) {
        push(edit(() => text.delete(cursor - len, len)))
        cursor -= len
        deleted += len
      }
    } else if (r < 0.13) {
      cursor = Math.floor(random() * (text.length + 1))
    } else if (text.length >= paragraphTarget) {
      newParagraph()
    } else {
      const len = Math.min(chars - inserted, 1 + Math.floor(random() * 8))
      let s = ''
      for (let i = 0; i < len; i++) s += WORDS[Math.floor(random() * WORDS.length)]
      push(edit(() => text.insert(cursor, s)))
      cursor += len
      inserted += len
    }
  }
  doc.destroy()
  return { updates, deleted }
}

async function singleJoins(url: Endpoint, n: number, server: BenchServer, beforeEach?: () => Promise<void>): Promise<SingleJoins> {
  const times: number[] = []
  const arrivals: number[] = []
  const opens: number[] = []
  const cpu0 = cpuMs(server.pid)
  for (let i = 0; i < n; i++) {
    if (beforeEach) await beforeEach()
    const c = new LightClient(url)
    await withTimeout(c.synced, 30_000, 'join')
    times.push(c.timeToSync)
    arrivals.push(c.timeToStep2)
    opens.push(c.tOpen - c.tStart)
    await c.close()
    await sleep(20)
  }
  const cpu = cpuMs(server.pid) - cpu0
  return {
    medianMs: round(median(times)),
    p90Ms: round(percentile(times, 90)),
    step2ArrivalMs: round(median(arrivals)),
    openMs: round(median(opens)),
    cpuPerJoinMs: round(cpu / n, 2),
  }
}

async function storm(url: Endpoint, n: number, server: BenchServer): Promise<StormRun> {
  const encodes0 = await server.encodeCounts()
  const cpu0 = cpuMs(server.pid)
  const clients = Array.from({ length: n }, () => new LightClient(url, {}, { applyStep2: false }))
  try {
    await withTimeout(Promise.all(clients.map((c) => c.synced)), 60_000, 'join storm')
    await sleep(200)
    const cpu = cpuMs(server.pid) - cpu0
    const times = clients.map((c) => c.timeToStep2)
    const hashes = new Set(clients.map((c) => createHash('sha256').update(c.step2!).digest('hex')))
    const encodes1 = await server.encodeCounts()
    return {
      clients: n,
      p50: round(percentile(times, 50)),
      p99: round(percentile(times, 99)),
      max: round(Math.max(...times)),
      distinctStep2: hashes.size,
      serverCpuMs: round(cpu, 1),
      fullStateEncodes: encodes0 && encodes1 ? encodes1.fullStateEncodes - encodes0.fullStateEncodes : null,
    }
  } finally {
    await Promise.all(clients.map((c) => c.close()))
  }
}

/** Sends `updates` through `writer` in chunks, each acknowledged by a sync round trip. */
async function ingest(writer: LightClient, updates: Uint8Array[]): Promise<void> {
  for (let i = 0; i < updates.length; i += 1000) {
    for (const u of updates.slice(i, i + 1000)) writer.replay(u)
    await withTimeout(writer.roundTrip(), 60_000, 'history ingest')
  }
}

export async function joinBench(kind: ServerKind, o: JoinOptions = JOIN_DEFAULTS, source?: { base: Uint8Array; updates: Uint8Array[]; deleted: number }, log = console.log) {
  const server = await startBenchServer(kind)
  let writer: LightClient | null = null
  try {
    const doc = await server.newDoc('join')
    const url = server.endpoint(doc)
    writer = new LightClient(url)
    await withTimeout(writer.synced, 30_000, 'writer sync')

    // The history: typed here on the first server, replayed byte for byte on the others
    // (after the same starting state, our report template).
    let history = source
    if (!history) {
      const base = writer.step2!
      history = { base, ...typeHistory(base, o.historyChars) }
    } else {
      writer.replay(history.base)
      await writer.roundTrip()
    }
    await waitForQuiet(server.pid, log)
    const cpu0 = cpuMs(server.pid)
    const stopWatch = watchOtherLoad(server.pid)
    const t0 = performance.now()
    await ingest(writer, history.updates)
    if (kind === 'ours') await waitUntil(() => writer!.saved >= writer!.writesSent, 'history to be saved', 60_000)
    if (kind === 'hocuspocus') await waitUntil(() => writer!.applied >= writer!.writesSent, 'history to be applied', 60_000)
    const ingestMs = performance.now() - t0
    const ingestCpu = cpuMs(server.pid) - cpu0
    const ingestOtherLoad = stopWatch()
    log(`[join] ${kind}: ${history.updates.length} history updates ingested in ${Math.round(ingestMs)} ms`)

    // Sanity: a joiner sees exactly the writer's document.
    const probe = new LightClient(url)
    await withTimeout(probe.synced, 30_000, 'probe join')
    const contentMatches = probe.doc.getXmlFragment('default').toString() === writer.doc.getXmlFragment('default').toString()
    const fullStateBytes = probe.step2!.length
    await probe.close()

    const text = () => {
      const f = writer!.doc.getXmlFragment('default')
      return (f.get(f.length - 1) as Y.XmlElement).get(0) as Y.XmlText
    }
    const editThenSettle = async () => {
      writer!.edit(() => text().insert(text().length, '改'))
      await writer!.roundTrip()
    }

    const result: JoinResult = {
      server: kind,
      pinned: server.pinned,
      historyUpdates: history.updates.length,
      historyChars: o.historyChars,
      deletedChars: history.deleted,
      fullStateBytes,
      ingestUpdatesPerSec: Math.round(history.updates.length / (ingestMs / 1000)),
      ingestCpuPerUpdateUs: round((ingestCpu * 1000) / history.updates.length, 1),
      contentMatches,
      ingestOtherLoad,
      otherLoad: [],
      repeatedReps: 0,
      warm: [],
      warmAfterEdit: [],
      storm: [],
      cold: server.persists ? [] : null,
      coldStorm: server.persists ? [] : null,
    }
    for (let rep = 0; rep < o.reps; rep++) {
      const { value, load, repeated } = await undisturbed(
        server.pid,
        `[join] ${kind} rep ${rep + 1}`,
        async () => {
          const warm = await singleJoins(url, o.singleJoins, server)
          const afterEdit = await singleJoins(url, o.singleJoins, server, editThenSettle)
          await editThenSettle()
          return { warm, afterEdit, storm: await storm(url, o.stormClients, server) }
        },
        log,
      )
      result.warm.push(value.warm)
      result.warmAfterEdit.push(value.afterEdit)
      result.storm.push(value.storm)
      result.otherLoad.push(load)
      result.repeatedReps += repeated
      log(
        `[join] ${kind} rep ${rep + 1}: warm ${result.warm.at(-1)!.medianMs} ms, after edit ${result.warmAfterEdit.at(-1)!.medianMs} ms, ` +
          `storm p50 ${result.storm.at(-1)!.p50} / max ${result.storm.at(-1)!.max} ms, ${result.storm.at(-1)!.distinctStep2} distinct step-2, cpu ${result.storm.at(-1)!.serverCpuMs} ms, other load ${load.foreignCpuPct}%`,
      )
    }
    if (server.persists) {
      await writer.close()
      writer = null
      for (let rep = 0; rep < o.coldReps; rep++) {
        const { value, load, repeated } = await undisturbed(
          server.pid,
          `[join] ${kind} cold rep ${rep + 1}`,
          async () => {
            await sleep(o.coldWaitMs)
            const single = await singleJoins(url, 1, server)
            await sleep(o.coldWaitMs)
            return { single, storm: await storm(url, o.stormClients, server) }
          },
          log,
        )
        result.cold!.push(value.single)
        result.coldStorm!.push(value.storm)
        result.otherLoad.push(load)
        result.repeatedReps += repeated
        log(`[join] ${kind} cold rep ${rep + 1}: single ${result.cold!.at(-1)!.medianMs} ms, storm p50 ${result.coldStorm!.at(-1)!.p50} / max ${result.coldStorm!.at(-1)!.max} ms, other load ${load.foreignCpuPct}%`)
      }
    }
    return { result, history }
  } finally {
    await writer?.close()
    await server.stop()
  }
}

export interface JoinBenchResult {
  options: JoinOptions
  servers: Partial<Record<ServerKind, JoinResult>>
}

/** The first kind types the history; the others receive the same bytes. */
export async function runJoin(o: JoinOptions = JOIN_DEFAULTS, log = console.log): Promise<JoinBenchResult> {
  const out: JoinBenchResult = { options: o, servers: {} }
  let history: Awaited<ReturnType<typeof joinBench>>['history'] | undefined
  for (const kind of o.kinds) {
    const r = await joinBench(kind, o, history, log)
    history ??= r.history
    out.servers[kind] = r.result
  }
  return out
}

if (isMain(import.meta.url)) await runScenarioCommand('join', { defaults: JOIN_DEFAULTS, quick: JOIN_QUICK, reps: true }, runJoin)
