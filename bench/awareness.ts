/**
 * Awareness traffic in a quiet room: N clients (10, 50, 200) present with a
 * user and a cursor, nobody typing. y-protocols' Awareness renews a client's
 * state every 15 s (outdatedTimeout / 2, checked every 3 s) so others do not
 * time it out; a server that relays each renewal to everyone sends N frames
 * per renewal, N² per renewal window — one that coalesces renewals sends
 * each client about one frame per window: O(N).
 *
 * Measured: awareness frames the server sent to the clients during a
 * `windowMs` window after everyone joined and the join traffic settled,
 * per client per 30 s, per renewal received, and the growth exponent of the
 * total (log-log slope over N: 1 = linear, 2 = quadratic). Every server and
 * every N run at once (frame counts do not depend on CPU time), each N in
 * its own document. Real y-protocols Awareness instances on the clients,
 * so the renewals are the library's own.
 *
 *   npx tsx bench/awareness.ts [--quick]   → JSON on stdout
 */
import * as awarenessProtocol from 'y-protocols/awareness'
import { isMain } from './lib/args'
import { runScenarioCommand } from './lib/scenarioCommand'
import { openClients, type LightClient } from './lib/client'
import { sleep, waitForQuiet } from './lib/proc'
import { PEERS, startServers, stopServers, type BenchServer, type ServerKind } from './lib/servers'
import { round } from './lib/stats'
import { seedDoc } from './lib/template'

export interface AwarenessOptions {
  sizes: number[]
  windowMs: number
  settleMs: number
  kinds: ServerKind[]
}

export const AWARENESS_DEFAULTS: AwarenessOptions = { sizes: [10, 50, 200], windowMs: 30_000, settleMs: 2000, kinds: ['ours', ...PEERS] }
/** A renewal still falls in a 20 s window (the states are 2 s old when it starts). */
export const AWARENESS_QUICK: Partial<AwarenessOptions> = { windowMs: 20_000 }

export interface AwarenessRoom {
  n: number
  /** Renewals the clients sent during the window. */
  renewals: number
  /** Awareness frames the server sent to all clients during the window. */
  framesOut: number
  bytesOut: number
  framesPerClientPer30s: number
  framesPerRenewal: number
}

export interface AwarenessServerResult {
  server: ServerKind
  rooms: AwarenessRoom[]
  /** Log-log slope of total frames against N (smallest to largest N): ≈ 1 linear, ≈ 2 quadratic. */
  exponent: number
}

interface Present {
  client: LightClient
  awareness: awarenessProtocol.Awareness
}

const COLORS = ['#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4']

async function openRoom(server: BenchServer, n: number, counter: { renewals: number; counting: boolean }): Promise<Present[]> {
  const doc = await server.newDoc(`awareness-${n}`)
  const clients = await openClients(server.endpoint(doc), n, {}, 25, { applyRemote: false })
  seedDoc(server, clients[0]!)
  return clients.map((client, i) => {
    const awareness = new awarenessProtocol.Awareness(client.doc)
    awareness.on('update', ({ added, updated, removed }: Record<string, number[]>, origin: unknown) => {
      if (origin !== 'local') return
      if (counter.counting) counter.renewals++
      client.sendAwareness(awarenessProtocol.encodeAwarenessUpdate(awareness, [...added!, ...updated!, ...removed!]))
    })
    awareness.setLocalState({ user: { name: `用户 ${i}`, color: COLORS[i % COLORS.length] }, cursor: null })
    return { client, awareness }
  })
}

export interface AwarenessBenchResult {
  options: AwarenessOptions
  servers: Partial<Record<ServerKind, AwarenessServerResult>>
}

/** `quiet: false` skips waiting for a quiet machine (bench/run.ts runs memory and disk meanwhile, on purpose). */
export async function runAwareness(o: AwarenessOptions = AWARENESS_DEFAULTS, log = console.log, { quiet = true } = {}): Promise<AwarenessBenchResult> {
  const servers = await startServers(o.kinds)
  const rooms: { kind: ServerKind; n: number; present: Present[]; counter: { renewals: number; counting: boolean } }[] = []
  try {
    if (quiet) await waitForQuiet(undefined, log)
    for (const kind of o.kinds) {
      for (const n of o.sizes) {
        const counter = { renewals: 0, counting: false }
        rooms.push({ kind, n, present: await openRoom(servers[kind], n, counter), counter })
      }
    }
    await sleep(o.settleMs)
    const count = (r: (typeof rooms)[number]) => ({
      frames: r.present.reduce((s, p) => s + p.client.awarenessIn, 0),
      bytes: r.present.reduce((s, p) => s + p.client.bytesIn, 0),
    })
    const before = rooms.map(count)
    for (const r of rooms) r.counter.counting = true
    log(`[awareness] ${rooms.length} quiet rooms open (${o.sizes.join(', ')} clients on each server); counting for ${o.windowMs / 1000} s`)
    await sleep(o.windowMs)
    for (const r of rooms) r.counter.counting = false
    const after = rooms.map(count)
    const out: AwarenessBenchResult = { options: o, servers: {} }
    for (const kind of o.kinds) {
      const results: AwarenessRoom[] = []
      rooms.forEach((r, i) => {
        if (r.kind !== kind) return
        const frames = after[i]!.frames - before[i]!.frames
        const bytes = after[i]!.bytes - before[i]!.bytes // a quiet room carries awareness only
        results.push({
          n: r.n,
          renewals: r.counter.renewals,
          framesOut: frames,
          bytesOut: bytes,
          framesPerClientPer30s: round((frames / r.n) * (30_000 / o.windowMs), 1),
          framesPerRenewal: round(frames / Math.max(1, r.counter.renewals), 2),
        })
      })
      const lo = results[0]!
      const hi = results.at(-1)!
      const exponent = round(Math.log(Math.max(1, hi.framesOut) / Math.max(1, lo.framesOut)) / Math.log(hi.n / lo.n), 2)
      out.servers[kind] = { server: kind, rooms: results, exponent }
      log(`[awareness] ${kind.padEnd(10)} ${results.map((r) => `N=${r.n}: ${r.framesOut} frames (${r.framesPerClientPer30s}/client/30 s, ${r.framesPerRenewal}/renewal)`).join('; ')}; exponent ${exponent}`)
    }
    return out
  } finally {
    for (const r of rooms) for (const p of r.present) p.awareness.destroy()
    await Promise.all(rooms.flatMap((r) => r.present.map((p) => p.client.close())))
    await stopServers(servers)
  }
}

if (isMain(import.meta.url)) await runScenarioCommand('awareness', { defaults: AWARENESS_DEFAULTS, quick: AWARENESS_QUICK }, runAwareness)
