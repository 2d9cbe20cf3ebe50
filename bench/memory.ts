/**
 * Scenario 4, memory: the server's resident set size (VmRSS) with
 *   A. 1,000 reports open, one client each (ours: reports created through
 *      the REST API, each with the template body; the peers: documents by
 *      name given the same body by their client, lib/template.ts);
 *   B. 1,000 connections on one report.
 * Each part on a freshly started server: RSS before the first client and
 * after every client is synced and the server had `settleMs` to finish
 * (Hocuspocus stores 2 s after the last change). Per report / per connection
 * = the growth divided by the count.
 *
 *   npx tsx bench/memory.ts [--quick]   → JSON on stdout
 */
import { isMain } from './lib/args'
import { runScenarioCommand } from './lib/scenarioCommand'
import { LightClient, type Endpoint } from './lib/client'
import { sleep, waitForQuiet, withTimeout } from './lib/proc'
import { PEERS, rssBytes, startBenchServer, type BenchServer, type ServerKind } from './lib/servers'
import { round } from './lib/stats'
import { seedDoc } from './lib/template'

export interface MemoryOptions {
  reports: number
  connections: number
  /** Clients opened at once. */
  batch: number
  settleMs: number
  kinds: ServerKind[]
}

export const MEMORY_DEFAULTS: MemoryOptions = { reports: 1000, connections: 1000, batch: 50, settleMs: 2500, kinds: ['ours', ...PEERS] }
export const MEMORY_QUICK: Partial<MemoryOptions> = { reports: 200, connections: 200 }

export interface MemoryPart {
  count: number
  rssBeforeMb: number
  rssAfterMb: number
  /** (after − before) / count, KiB. */
  perItemKb: number
  /** Time to open and sync every client, ms. */
  openMs: number
}

export interface MemoryResult {
  server: ServerKind
  reports: MemoryPart
  connections: MemoryPart
}

const mb = (b: number) => round(b / 1024 / 1024, 1)

/** Opens one client per endpoint, `batch` at a time; each peer document gets the template body. */
async function openAll(server: BenchServer, targets: Endpoint[], batch: number): Promise<LightClient[]> {
  const clients: LightClient[] = []
  for (let i = 0; i < targets.length; i += batch) {
    const group = targets.slice(i, i + batch).map((t) => new LightClient(t, {}, { applyRemote: false }))
    await withTimeout(Promise.all(group.map((c) => c.synced)), 60_000, 'clients to sync')
    clients.push(...group)
  }
  return clients
}

async function part(kind: ServerKind, o: MemoryOptions, which: 'reports' | 'connections', log: (s: string) => void): Promise<MemoryPart> {
  const server = await startBenchServer(kind)
  let clients: LightClient[] = []
  try {
    const count = which === 'reports' ? o.reports : o.connections
    const docs: string[] = []
    if (which === 'reports') {
      // Creation through the REST API is not what is measured: a few at a time, before the baseline.
      for (let i = 0; i < count; i += 8) docs.push(...(await Promise.all(Array.from({ length: Math.min(8, count - i) }, (_, k) => server.newDoc(`mem-${i + k}`)))))
    } else {
      docs.push(await server.newDoc('mem-one'))
    }
    await sleep(1000)
    const before = rssBytes(server.pid)
    const t0 = performance.now()
    if (which === 'reports') {
      clients = await openAll(server, docs.map((d) => server.endpoint(d)), o.batch)
      for (const c of clients) seedDoc(server, c)
    } else {
      const first = await openAll(server, [server.endpoint(docs[0]!)], 1)
      seedDoc(server, first[0]!)
      if (server.syncs) await first[0]!.roundTrip()
      clients = [...first, ...(await openAll(server, Array.from({ length: count - 1 }, () => server.endpoint(docs[0]!)), o.batch))]
    }
    // Every seeded body is in the server before it settles.
    if (server.syncs) await Promise.all(clients.map((c) => c.roundTrip()))
    const openMs = performance.now() - t0
    await sleep(o.settleMs)
    const after = rssBytes(server.pid)
    const result: MemoryPart = { count, rssBeforeMb: mb(before), rssAfterMb: mb(after), perItemKb: round((after - before) / count / 1024, 1), openMs: round(openMs, 0) }
    log(`[memory] ${kind.padEnd(10)} ${count} ${which}: RSS ${result.rssBeforeMb} → ${result.rssAfterMb} MiB, ${result.perItemKb} KiB each (opened in ${result.openMs} ms)`)
    return result
  } finally {
    await Promise.all(clients.map((c) => c.close()))
    await server.stop()
  }
}

export interface MemoryBenchResult {
  options: MemoryOptions
  servers: Partial<Record<ServerKind, MemoryResult>>
}

/** `quiet: false` skips waiting for a quiet machine (bench/run.ts runs the awareness count meanwhile, on purpose). */
export async function runMemory(o: MemoryOptions = MEMORY_DEFAULTS, log = console.log, { quiet = true } = {}): Promise<MemoryBenchResult> {
  const out: MemoryBenchResult = { options: o, servers: {} }
  for (const kind of o.kinds) {
    if (quiet) await waitForQuiet(undefined, log)
    const reports = await part(kind, o, 'reports', log)
    const connections = await part(kind, o, 'connections', log)
    out.servers[kind] = { server: kind, reports, connections }
  }
  return out
}

if (isMain(import.meta.url)) await runScenarioCommand('memory', { defaults: MEMORY_DEFAULTS, quick: MEMORY_QUICK }, runMemory)
