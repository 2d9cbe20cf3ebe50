/**
 * Before/after of one change, in the same run: our server at another commit
 * (`--before`, default HEAD: a git worktree sharing this checkout's
 * node_modules) against our working tree, alternating run by run with the
 * peers given, so drift on the shared machine hits every variant alike.
 * This is how the "Optimisations" table (bench/optimisations.json) is measured.
 *
 *   npx tsx bench/ab.ts [--before REV|DIR] [--scenario fanout|manyRooms|saturation] [--n 50] [--reps 5] [--peers reference,null-relay]
 *   → medians per variant on stderr, every run as JSON on stdout
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, statSync, symlinkSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { FANOUT_DEFAULTS, fanoutOnce, shapeFor } from './fanout'
import { FOREIGN_LIMIT_PCT, installCleanup, machine, pinSelf, setDisturbanceBudget, sleep, trackDir, waitForQuiet } from './lib/proc'
import { startBenchServer, startOurs, type BenchServer, type ServerKind } from './lib/servers'
import { medianOf } from './lib/stats'
import { MANY_ROOMS_DEFAULTS, manyRoomsOnce } from './manyRooms'
import { SATURATION_DEFAULTS, saturate } from './saturation'

const ROOT = path.resolve(import.meta.dirname, '..')

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback
}

/** A detached worktree of `rev`, removed at exit. */
function worktreeAt(rev: string): string {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'bench-ab-')), 'before')
  execFileSync('git', ['worktree', 'add', '--detach', '--quiet', dir, rev], { cwd: ROOT })
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'))
  process.on('exit', () => {
    try {
      execFileSync('git', ['worktree', 'remove', '--force', dir], { cwd: ROOT, stdio: 'ignore' })
    } catch {
      /* already gone */
    }
  })
  trackDir(path.dirname(dir))
  return dir
}

interface Variant {
  label: string
  start(): Promise<BenchServer>
  kind: ServerKind
  root?: string
}

installCleanup(60 * 60_000)
pinSelf()
// Runs wait for a quiet machine, and one disturbed by other work is repeated (up to 5 times).
setDisturbanceBudget(30 * 60_000)
const before = arg('before', 'HEAD')
const scenario = arg('scenario', 'fanout')
const n = Number(arg('n', '50'))
const reps = Number(arg('reps', '5'))
const peers = arg('peers', 'reference').split(',').filter(Boolean) as ServerKind[]
// A folder is taken as the "before" checkout as it is (e.g. a worktree with an experiment in it).
const beforeIsDir = existsSync(before) && statSync(before).isDirectory()
const beforeRoot = beforeIsDir ? before : worktreeAt(before)
const beforeSha = beforeIsDir ? before : execFileSync('git', ['rev-parse', '--short', before], { cwd: ROOT }).toString().trim()
const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT }).toString().trim() !== ''
const afterLabel = `ours (working tree${dirty ? ', uncommitted changes' : ''})`
const variants: Variant[] = [
  { label: `ours @ ${beforeSha}`, kind: 'ours', root: beforeRoot, start: () => startOurs({}, { root: beforeRoot }) },
  { label: afterLabel, kind: 'ours', start: () => startOurs() },
  ...peers.map((kind): Variant => ({ label: kind, kind, start: () => startBenchServer(kind) })),
]

type Row = { p50: number; p99: number; p999: number; cpuPerUpdateUs: number; ack?: number | null }
const runs = new Map<string, Row[]>(variants.map((v) => [v.label, []]))
const log = console.error

if (scenario === 'fanout') {
  const servers = new Map<string, BenchServer>()
  for (const v of variants) servers.set(v.label, await v.start())
  await waitForQuiet(undefined, log)
  for (const v of variants) {
    // Steady state first, as in fanout.ts: every variant's code compiled before anything is measured.
    await fanoutOnce(servers.get(v.label)!, { ...shapeFor(FANOUT_DEFAULTS, n), warmupMs: 0, measureMs: FANOUT_DEFAULTS.steadyStateMs })
    if (v.kind === 'ours') await sleep(2300)
  }
  for (let rep = 1; rep <= reps; rep++) {
    for (const v of variants) {
      let run: Awaited<ReturnType<typeof fanoutOnce>>
      for (let attempt = 0; ; attempt++) {
        await waitForQuiet(undefined, log)
        run = await fanoutOnce(servers.get(v.label)!, shapeFor(FANOUT_DEFAULTS, n))
        if (v.kind === 'ours') await sleep(2300) // the room unloads after its last client left
        if (run.foreignCpuPct + run.stealPct <= FOREIGN_LIMIT_PCT || attempt >= 5) break
        log(`[ab] ${v.label}: other load ${run.foreignCpuPct}% meanwhile → repeating`)
      }
      runs.get(v.label)!.push({ p50: run.latency.p50, p99: run.latency.p99, p999: run.latency.p999, cpuPerUpdateUs: run.cpuPerUpdateUs, ack: run.ackLatency?.p50 ?? null })
      log(`[ab] N=${n} rep ${rep} ${v.label}: p50 ${run.latency.p50} p99 ${run.latency.p99} p99.9 ${run.latency.p999} ms, cpu/keystroke ${run.cpuPerUpdateUs} µs, other load ${run.foreignCpuPct}%`)
    }
  }
  for (const s of servers.values()) await s.stop()
} else if (scenario === 'manyRooms') {
  for (let rep = 1; rep <= reps; rep++) {
    for (const v of variants) {
      let run: Awaited<ReturnType<typeof manyRoomsOnce>>
      for (let attempt = 0; ; attempt++) {
        await waitForQuiet(undefined, log)
        run = await manyRoomsOnce(v.kind, MANY_ROOMS_DEFAULTS, log, undefined, { root: v.root })
        if (run.foreignCpuPct + run.stealPct <= FOREIGN_LIMIT_PCT || attempt >= 5) break
        log(`[ab] ${v.label}: other load ${run.foreignCpuPct}% meanwhile → repeating`)
      }
      runs.get(v.label)!.push({ p50: run.latency.p50, p99: run.latency.p99, p999: run.latency.p999, cpuPerUpdateUs: run.cpuPerUpdateUs, ack: run.ackLatency?.p50 ?? null })
      log(`[ab] many rooms rep ${rep} ${v.label}: p50 ${run.latency.p50} p99 ${run.latency.p99} ms, cpu/keystroke ${run.cpuPerUpdateUs} µs`)
    }
  }
} else if (scenario === 'saturation') {
  // The highest typing rate each variant holds (p99 ≤ 100 ms), as chars/s per typist in the p50 column.
  for (let rep = 1; rep <= reps; rep++) {
    for (const v of variants) {
      await waitForQuiet(undefined, log)
      const server = await v.start()
      const res = await saturate(server, SATURATION_DEFAULTS, log)
      await server.stop()
      const held = res.best?.rate ?? 0
      runs.get(v.label)!.push({ p50: held, p99: res.best?.p99 ?? Number.NaN, p999: Number.NaN, cpuPerUpdateUs: Number.NaN })
      log(`[ab] saturation rep ${rep} ${v.label}: ${held} chars/s per typist held`)
    }
  }
} else throw new Error(`unknown scenario ${scenario}`)

log(`\n[ab] ${scenario}${scenario === 'fanout' ? ` N = ${n}` : ''}, medians of ${reps}:`)
const summary = variants.map((v) => {
  const rs = runs.get(v.label)!
  const m = (pick: (r: Row) => number | null | undefined) => medianOf(rs, pick)
  const row = { variant: v.label, p50: m((r) => r.p50), p99: m((r) => r.p99), p999: m((r) => r.p999), cpuPerUpdateUs: m((r) => r.cpuPerUpdateUs), ackP50: m((r) => r.ack) }
  log(`  ${v.label.padEnd(44)} p50 ${row.p50} p99 ${row.p99} p99.9 ${row.p999} ms  cpu/keystroke ${row.cpuPerUpdateUs} µs  ack p50 ${row.ackP50}`)
  return row
})
console.log(JSON.stringify({ machine: machine(), scenario, n, reps, before: beforeSha, summary, runs: Object.fromEntries(runs) }, null, 2))
process.exit(0)
