/**
 * Where our server's time goes under load: starts ours with V8's CPU
 * profiler (lib/cpuProfiler.mjs, 200 µs sampling; `--cpu-prof` itself is
 * refused in NODE_OPTIONS), runs the headline fan-out
 * (N = 50, or `--n N`; 10 typing 5 chars/s, cursors on) or, with `--rooms`, the many-rooms
 * load, stops the server (the profile is written at exit), and summarises
 * the samples taken while the load ran: top functions by self time, and self
 * time by module (ours, yjs, y-protocols, lib0, ws, hono, node internals, GC).
 *
 *   npx tsx bench/profile.ts [--rooms] [--n N] [--seconds S] [--server ours|reference|hocuspocus|null-relay]
 *   → summary on stdout, the .cpuprofile path in it (a peer is profiled the same way, for comparison)
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fanoutOnce, shapeFor, FANOUT_DEFAULTS } from './fanout'
import { isMain } from './lib/args'
import { installCleanup, pinSelf, sleep } from './lib/proc'
import { startBenchServer, type ServerKind } from './lib/servers'
import { round } from './lib/stats'
import { manyRoomsOnce, MANY_ROOMS_DEFAULTS } from './manyRooms'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}

interface CpuProfile {
  nodes: ProfileNode[]
  startTime: number
  endTime: number
  samples: number[]
  timeDeltas: number[]
}

export interface ProfileSummary {
  file: string
  windowMs: number
  sampledMs: number
  byModule: { module: string; ms: number; share: number }[]
  top: { fn: string; where: string; ms: number; share: number }[]
}

const ROOT = path.resolve(import.meta.dirname, '..')

function moduleOf(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)'
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (nm) return nm[1]!
  if (url.startsWith('node:')) return 'node internals'
  if (url.includes('/server/')) return 'ours: server/'
  if (url.includes('/schema/')) return 'ours: schema/'
  return url.replace(`file://${ROOT}/`, '')
}

/** Self time per function and per module of the samples between `from` and `to` (µs on the profile's clock). */
export function summarise(file: string, from: number, to: number, top = 25): ProfileSummary {
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile
  const byId = new Map(p.nodes.map((n) => [n.id, n]))
  const selfUs = new Map<number, number>()
  let t = p.startTime
  for (let i = 0; i < p.samples.length; i++) {
    const dt = p.timeDeltas[i] ?? 0
    t += dt
    if (t < from || t > to) continue
    // The sample's time is the gap to the next one.
    const next = p.timeDeltas[i + 1] ?? dt
    selfUs.set(p.samples[i]!, (selfUs.get(p.samples[i]!) ?? 0) + next)
  }
  const fns = new Map<string, { fn: string; where: string; us: number }>()
  const mods = new Map<string, number>()
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame
    if (functionName === '(idle)') continue
    const where = url ? `${url.replace(`file://${ROOT}/`, '').replace(/^.*node_modules\//, '')}:${lineNumber + 1}` : ''
    const key = `${functionName}@${where}`
    const e = fns.get(key) ?? { fn: functionName || '(anonymous)', where, us: 0 }
    e.us += us
    fns.set(key, e)
    const mod = moduleOf(url, functionName)
    mods.set(mod, (mods.get(mod) ?? 0) + us)
  }
  const busy = [...mods.values()].reduce((s, v) => s + v, 0) // without (idle)
  return {
    file,
    windowMs: round((to - from) / 1000, 0),
    sampledMs: round(busy / 1000, 1),
    byModule: [...mods].sort((a, b) => b[1] - a[1]).map(([module, us]) => ({ module, ms: round(us / 1000, 1), share: round(us / busy, 3) })),
    top: [...fns.values()].sort((a, b) => b.us - a.us).slice(0, top).map((e) => ({ fn: e.fn, where: e.where, ms: round(e.us / 1000, 1), share: round(e.us / busy, 3) })),
  }
}

function readProfile(dir: string): { file: string; p: CpuProfile } {
  const name = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))
  if (!name) throw new Error(`no profile written in ${dir}`)
  const file = path.join(dir, name)
  return { file, p: JSON.parse(readFileSync(file, 'utf8')) as CpuProfile }
}

/**
 * Profiles ours under `load`. The profiler is switched on through the
 * environment the servers inherit (BENCH_CPU_PROF_DIR, lib/cpuProfiler.mjs);
 * the profile is written when the server exits, so its end is lined up with
 * the moment stop() returned.
 */
export async function profileOurs(load: 'fanout' | 'rooms', seconds: number, log = console.error, n = 50, kind: ServerKind = 'ours'): Promise<ProfileSummary> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-cpuprof-'))
  process.env.BENCH_CPU_PROF_DIR = dir
  const marks = { start: 0, end: 0 }
  let tExit = 0
  try {
    if (load === 'fanout') {
      const server = await startBenchServer(kind)
      try {
        await sleep(500)
        marks.start = performance.now()
        const run = await fanoutOnce(server, { ...shapeFor(FANOUT_DEFAULTS, n), measureMs: seconds * 1000 })
        marks.end = performance.now()
        log(`[profile] fan-out N=${n}: p50 ${run.latency.p50} p99 ${run.latency.p99} ms, cpu/keystroke ${run.cpuPerUpdateUs} µs`)
      } finally {
        await server.stop()
        tExit = performance.now()
      }
    } else {
      await manyRoomsOnce(kind, { ...MANY_ROOMS_DEFAULTS, measureMs: seconds * 1000 }, log, marks)
      tExit = performance.now()
    }
  } finally {
    delete process.env.BENCH_CPU_PROF_DIR
  }
  const { file, p } = readProfile(dir)
  const toProfile = (t: number) => p.endTime - (tExit - t) * 1000
  return summarise(file, toProfile(marks.start), toProfile(marks.end))
}

if (isMain(import.meta.url)) {
  installCleanup(5 * 60_000)
  pinSelf()
  const argv = process.argv.slice(2)
  const i = argv.indexOf('--seconds')
  const seconds = i >= 0 ? Number(argv[i + 1]) : 10
  const nAt = argv.indexOf('--n')
  const kindAt = argv.indexOf('--server')
  const kind = (kindAt >= 0 ? argv[kindAt + 1] : 'ours') as ServerKind
  const summary = await profileOurs(argv.includes('--rooms') ? 'rooms' : 'fanout', seconds, console.error, nAt >= 0 ? Number(argv[nAt + 1]) : 50, kind)
  console.log(JSON.stringify(summary, null, 2))
  process.exit(0)
}
