/**
 * The scoreboard: every scenario against every peer in one run on this
 * machine, then docs/benchmarks.md (tables: ours and each peer side by side,
 * ratio ours/peer, targets), docs/latency-vs-n.svg and
 * bench/results/latest.json (every run).
 *
 *   npx tsx bench/run.ts            (npm run bench; about 9 minutes)
 *   npx tsx bench/run.ts --quick    short runs, to check the scripts: writes bench/results/quick.{json,md,svg} only
 *   npx tsx bench/run.ts --render   rewrite docs/benchmarks.md and the chart from bench/results/latest.json
 *
 * Order: the latency-sensitive scenarios first (fan-out, saturation, join,
 * many rooms), each alone on the machine; then awareness (frames), memory
 * (RSS) and disk (bytes, lost edits) side by side, as none of them measures
 * time; the editor in Chromium last (it unpins this process).
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { AWARENESS_DEFAULTS, AWARENESS_QUICK, runAwareness, type AwarenessBenchResult, type AwarenessOptions } from './awareness'
import { DISK_DEFAULTS, DISK_QUICK, runDisk, type DiskBenchResult, type DiskOptions } from './disk'
import { EDITOR_LOAD_DEFAULTS, readEditorLoadResult, runEditorLoad, type EditorLoadResult } from './editorLoad'
import { FANOUT_DEFAULTS, FANOUT_QUICK, fanoutMedian, runFanout, type FanoutOptions, type FanoutResult, type FanoutRun } from './fanout'
import { JOIN_DEFAULTS, JOIN_QUICK, runJoin, type JoinBenchResult, type JoinOptions, type JoinResult } from './join'
import { runDiffReports, type DiffBenchResult } from './diffReports'
import { runKpiRecompute, type KpiRecomputeResult } from './kpiRecompute'
import { CLUSTER_FANOUT_DEFAULTS, CLUSTER_FANOUT_QUICK, cpuMedians, runClusterFanout, type ClusterFanoutResult } from './clusterFanout'
import { LOGIN_FLOOD_DEFAULTS, LOGIN_FLOOD_QUICK, runLoginFlood, type LoginFloodResult } from './loginFlood'
import { runPublishBench, type PublishBenchResult } from './publish'
import { parseArgs } from './lib/args'
import { lineChart } from './lib/chart'
import { disturbanceReport, FOREIGN_LIMIT_PCT, installCleanup, machine, pinSelf, setDisturbanceBudget, type MachineInfo } from './lib/proc'
import { PEERS, SERVER_LABELS, type PeerKind, type ServerKind } from './lib/servers'
import { medianOf } from './lib/stats'
import { MANY_ROOMS_DEFAULTS, MANY_ROOMS_QUICK, runManyRooms, type ManyRoomsOptions, type ManyRoomsResult } from './manyRooms'
import { MEMORY_DEFAULTS, MEMORY_QUICK, runMemory, type MemoryBenchResult, type MemoryOptions } from './memory'
import { runSaturation, SATURATION_DEFAULTS, SATURATION_QUICK, type SaturationBenchResult, type SaturationOptions } from './saturation'

const ROOT = path.resolve(import.meta.dirname, '..')
const CHART = 'latency-vs-n.svg'

export interface AllResults {
  /** Format of this file; older results (before the peers) have none and cannot be rendered. */
  format: 2
  /** Set when the editor figures come from a standalone run made after this one (see main). */
  editorLoadFrom?: string
  date: string
  command: string
  durationS: number
  quick: boolean
  machine: MachineInfo
  /** Waiting for a quiet machine and repeated runs (see lib/proc.ts). */
  disturbance: { waitedForQuietMs: number; repeatedRuns: number; budgetExhausted: boolean }
  fanout: FanoutResult
  saturation: SaturationBenchResult
  join: JoinBenchResult
  manyRooms: ManyRoomsResult
  memory: MemoryBenchResult
  disk: DiskBenchResult
  awareness: AwarenessBenchResult
  kpiRecompute?: KpiRecomputeResult
  editorLoad?: EditorLoadResult
  /** Check + publish of a 300-block report over REST (bench/publish.ts). */
  publish?: PublishBenchResult
  /** Diff of two 300-block versions, in process (bench/diffReports.ts). */
  diff?: DiffBenchResult
  /** 已保存 of an editor idle vs during a 64-connection login flood (bench/loginFlood.ts). */
  loginFlood?: LoginFloodResult
  /** Cluster mode: fan-out spread over 3 processes vs on one, CPU per update per process, join from PostgreSQL + stream (bench/clusterFanout.ts). */
  clusterFanout?: ClusterFanoutResult
}

/** One optimisation of the server with the figure it moved, measured before and after (bench/optimisations.json). */
interface Optimisation {
  date: string
  change: string
  measurement: string
  /** One figure, or several measured together (shown "a / b", each with its own ratio). */
  before: number | number[]
  after: number | number[]
  unit: string
  /** The command and run the figures come from. */
  source: string
}

type Num = number | null | undefined

const ok = (v: Num): v is number => v !== null && v !== undefined && Number.isFinite(v)

const fmt = (v: Num, digits = 2): string => {
  if (v === Number.POSITIVE_INFINITY) return '∞'
  if (!ok(v)) return 'n/a'
  if (Math.abs(v) >= 1000) return Math.round(v).toLocaleString('en-US')
  if (Math.abs(v) >= 100) return v.toFixed(0)
  if (Math.abs(v) >= 10) return v.toFixed(1)
  return v.toFixed(digits)
}

const ratio = (ours: Num, peer: Num): string => (ok(ours) && ok(peer) && peer !== 0 ? `${(ours / peer).toFixed(2)}×` : '—')

interface Row {
  label: string
  values: Partial<Record<ServerKind, Num>>
  unit?: string
  digits?: number
  target?: string
  pass?: boolean
}

const COLUMNS: PeerKind[] = [...PEERS]

function table(rows: Row[], peers: PeerKind[] = COLUMNS): string {
  const head = ['measurement', 'ours', ...peers.flatMap((p) => [SERVER_LABELS[p], `ours/${shortName(p)}`]), 'target']
  const lines = [`| ${head.join(' | ')} |`, `| ${['---', '---:', ...peers.flatMap(() => ['---:', '---:']), '---'].join(' | ')} |`]
  for (const r of rows) {
    const unit = r.unit ? ` ${r.unit}` : ''
    const cell = (v: Num) => (v === undefined ? '—' : `${fmt(v, r.digits)}${ok(v) ? unit : ''}`)
    const target = r.target ? `${r.target}${r.pass === undefined ? '' : r.pass ? ' ✅' : ' ❌'}` : ''
    const peerCells = peers.flatMap((p) => [cell(r.values[p]), r.values[p] === undefined ? '' : ratio(r.values.ours, r.values[p])])
    lines.push(`| ${[r.label, cell(r.values.ours), ...peerCells, target].join(' | ')} |`)
  }
  return lines.join('\n')
}

function shortName(p: PeerKind): string {
  return p === 'reference' ? 'ref' : p === 'hocuspocus' ? 'hp' : 'relay'
}

const runsOf = (vals: Num[], digits = 2) => vals.map((v) => fmt(v, digits)).join(' / ')

// ---------------------------------------------------------------- fan-out

/** Least-squares line y = a + b·x. */
function fitLine(points: [number, number][]): { a: number; b: number } | null {
  const pts = points.filter(([x, y]) => ok(x) && ok(y))
  if (pts.length < 2) return null
  const n = pts.length
  const mx = pts.reduce((s, [x]) => s + x, 0) / n
  const my = pts.reduce((s, [, y]) => s + y, 0) / n
  const sxx = pts.reduce((s, [x]) => s + (x - mx) ** 2, 0)
  if (sxx === 0) return null
  const b = pts.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0) / sxx
  return { a: my - b * mx, b }
}

function fanoutKinds(f: FanoutResult): ServerKind[] {
  return ['ours', ...PEERS].filter((k) => f.options.kinds.includes(k as ServerKind)) as ServerKind[]
}

/** Per server: fixed CPU per keystroke (intercept) and CPU per delivery (slope) of CPU/keystroke against N − 1. */
function cpuModel(f: FanoutResult): Partial<Record<ServerKind, { a: number; b: number } | null>> {
  const out: Partial<Record<ServerKind, { a: number; b: number } | null>> = {}
  for (const kind of fanoutKinds(f)) {
    // Net of the server's idle CPU (timers, monitors), which at N = 2 would otherwise pass for per-keystroke cost.
    const idle = f.idleCpuMsPerSec?.[kind] ?? 0
    const net = (r: FanoutRun) => ((r.serverCpuMs - (idle * r.wallMs) / 1000) * 1000) / Math.max(1, r.updatesSent)
    out[kind] = fitLine(f.options.ladder.map((n) => [n - 1, fanoutMedian(f, n, kind, net)] as [number, number]))
  }
  return out
}

function fanoutRows(f: FanoutResult): Row[] {
  const kinds = fanoutKinds(f)
  const at = (n: number, pick: (r: FanoutRun) => Num) => Object.fromEntries(kinds.map((k) => [k, f.runs[String(n)]?.[k] ? fanoutMedian(f, n, k, pick) : undefined])) as Row['values']
  const noWorse = (v: Row['values']) => ok(v.ours) && (['reference', 'hocuspocus'] as const).every((p) => !ok(v[p]) || v.ours! <= v[p]!)
  const rows: Row[] = []
  const h = f.options.headline
  for (const n of [...f.options.ladder].sort((a, b) => a - b)) {
    const reps = n === h ? f.options.reps : f.options.ladderReps
    const p50 = at(n, (r) => r.latency.p50)
    const p99 = at(n, (r) => r.latency.p99)
    const p999 = at(n, (r) => r.latency.p999)
    const head = `**N = ${n}** (${Math.min(n, f.options.typists)} typing, ${reps > 1 ? `median of ${reps}` : 'one run'}): update latency p50`
    if (n === h) {
      const gap = ok(p50.ours) && ok(p50['null-relay']) ? p50.ours - p50['null-relay'] : Number.NaN
      rows.push({ label: head, values: p50, unit: 'ms', target: `≤ null relay + 0.5 ms (gap ${fmt(gap)} ms); ≤ both peers`, pass: gap <= 0.5 && noWorse(p50) })
      rows.push({ label: `N = ${n}: update latency p99`, values: p99, unit: 'ms', target: '≤ 10 ms; ≤ both peers', pass: ok(p99.ours) && p99.ours <= 10 && noWorse(p99) })
    } else {
      rows.push({ label: head, values: p50, unit: 'ms', target: '≤ both peers', pass: noWorse(p50) })
      rows.push({ label: `N = ${n}: update latency p99`, values: p99, unit: 'ms', target: '≤ both peers', pass: noWorse(p99) })
    }
    rows.push({ label: `N = ${n}: update latency p99.9`, values: p999, unit: 'ms' })
    if (n === h) {
      rows.push(
        { label: 'cursor (awareness) latency p50', values: at(n, (r) => r.awarenessLatency.p50), unit: 'ms' },
        { label: 'cursor (awareness) latency p99', values: at(n, (r) => r.awarenessLatency.p99), unit: 'ms' },
        { label: 'acknowledgement p50 (ours: fsynced, MESSAGE_SAVED; Hocuspocus: applied in memory, SyncStatus)', values: at(n, (r) => r.ackLatency?.p50 ?? Number.NaN), unit: 'ms' },
        { label: 'acknowledgement p99', values: at(n, (r) => r.ackLatency?.p99 ?? Number.NaN), unit: 'ms' },
        { label: 'server CPU per keystroke (1 update + 1 cursor update, fanned out)', values: at(n, (r) => r.cpuPerUpdateUs), unit: 'µs' },
        { label: '… of which the main (JS) thread', values: at(n, (r) => r.mainThreadCpuPerUpdateUs), unit: 'µs' },
        { label: '… of which other threads (libuv pool: log write + fdatasync; V8)', values: at(n, (r) => r.otherThreadsCpuPerUpdateUs), unit: 'µs' },
        { label: 'server CPU per update delivery', values: at(n, (r) => r.cpuPerDeliveryUs), unit: 'µs' },
        { label: 'server CPU per frame sent (updates, cursors, echoes, acks)', values: at(n, (r) => r.cpuPerFrameOutUs), unit: 'µs' },
        { label: 'frames sent per keystroke', values: at(n, (r) => r.framesOut / Math.max(1, r.updatesSent)), digits: 1 },
        { label: 'server CPU load while typing', values: at(n, (r) => r.serverCpuPct), unit: '%' },
        { label: 'updates delivered / expected', values: at(n, (r) => r.deliveries / Math.max(1, r.expectedDeliveries)), digits: 3, target: '1.000' },
      )
      const cpu = at(n, (r) => r.cpuPerUpdateUs).ours
      rows.push({
        label: `N = ${n}: server CPU per keystroke ÷ a bare Y.applyUpdate of the same updates (${fmt(f.bareApplyUs)} µs, in the load generator, same run)`,
        values: { ours: ok(cpu) ? cpu / f.bareApplyUs : Number.NaN, ...Object.fromEntries(PEERS.map((p) => [p, (at(n, (r) => r.cpuPerUpdateUs)[p] ?? Number.NaN) / f.bareApplyUs])) },
        unit: '×',
        digits: 0,
        target: '≤ 1.2×',
        pass: ok(cpu) && cpu / f.bareApplyUs <= 1.2,
      })
      const kpiOn = fanoutMedian(f, n, 'ours', (r) => r.latency.p99)
      const kpiOff = fanoutMedian(f, n, 'ours-nokpi', (r) => r.latency.p99)
      if (ok(kpiOff)) {
        rows.push({ label: `ours with KPI recompute on ÷ off (KPI_RECOMPUTE=off): update p99 ${fmt(kpiOn)} / ${fmt(kpiOff)} ms`, values: { ours: kpiOn / kpiOff }, unit: '×', target: '≤ 1.10×', pass: kpiOn / kpiOff <= 1.1 })
      }
    }
  }
  for (const n of [...f.options.ladder].sort((a, b) => a - b)) {
    if (n === h) continue
    rows.push({ label: `N = ${n}: server CPU per keystroke`, values: at(n, (r) => r.cpuPerUpdateUs), unit: 'µs' })
  }
  const model = cpuModel(f)
  rows.push(
    {
      label: 'fixed CPU per keystroke, whatever N (intercept of CPU per keystroke net of idle CPU, against N − 1 over the ladder)',
      values: Object.fromEntries(kinds.map((k) => [k, model[k]?.a ?? Number.NaN])),
      unit: 'µs',
      target: `vs bare Y.applyUpdate ${fmt(f.bareApplyUs)} µs`,
    },
    { label: 'CPU per receiving client per keystroke (slope: update + cursor frames to one more client)', values: Object.fromEntries(kinds.map((k) => [k, model[k]?.b ?? Number.NaN])), unit: 'µs' },
    { label: 'server CPU while idle after serving, no client connected (timers, monitors, GC)', values: Object.fromEntries(kinds.map((k) => [k, f.idleCpuMsPerSec?.[k] ?? Number.NaN])), unit: 'ms/s' },
  )
  return rows
}

function latencyChart(f: FanoutResult): string {
  const colors: Record<string, string> = { ours: '#d62728', reference: '#1f77b4', hocuspocus: '#2ca02c', 'null-relay': '#7f7f7f' }
  const names: Record<string, string> = { ours: 'ours', reference: 'y-websocket', hocuspocus: 'Hocuspocus', 'null-relay': 'null relay' }
  const xs = [...f.options.ladder].sort((a, b) => a - b)
  const series = fanoutKinds(f).flatMap((k) => [
    { name: `${names[k]} p50`, color: colors[k] ?? '#000', values: xs.map((n) => fanoutMedian(f, n, k, (r) => r.latency.p50)) },
    { name: `${names[k]} p99`, color: colors[k] ?? '#000', dashed: true, values: xs.map((n) => fanoutMedian(f, n, k, (r) => r.latency.p99)) },
  ])
  return lineChart({
    title: 'Update latency vs clients in the report (fan-out)',
    subtitle: `min(N, ${f.options.typists}) typing ${f.options.rate} chars/s with cursors; p50 solid, p99 dashed; server pinned to one core`,
    xLabel: 'clients in the report (N, log scale)',
    yLabel: 'send → arrival at each other client, ms (log scale)',
    xs,
    series,
  })
}

// ---------------------------------------------------------------- other scenarios

function saturationRows(s: SaturationBenchResult): Row[] {
  const pick = (f: (b: NonNullable<NonNullable<SaturationBenchResult['servers'][ServerKind]>['best']>) => Num) =>
    Object.fromEntries(s.options.kinds.map((k) => [k, s.servers[k]?.best ? f(s.servers[k]!.best!) : Number.NaN])) as Row['values']
  const upd = pick((b) => b.updatesInPerSec)
  const peersBelow = (['reference', 'hocuspocus'] as const).every((p) => !ok(upd[p]) || (ok(upd.ours) && upd.ours >= upd[p]!))
  return [
    { label: `**Saturation** (N = ${s.options.clients}, ${s.options.typists} typing, cursors on): highest rate with update p99 ≤ ${s.options.p99LimitMs} ms, chars/s per typist`, values: pick((b) => b.rate), digits: 0 },
    { label: 'updates in per second at that rate', values: upd, digits: 0, target: '≥ both peers', pass: peersBelow },
    { label: 'update deliveries out per second', values: pick((b) => b.deliveriesOutPerSec), digits: 0 },
    { label: 'frames out per second (updates, cursors, echoes, acks)', values: pick((b) => b.framesOutPerSec), digits: 0 },
    { label: 'update p99 at that rate', values: pick((b) => b.p99), unit: 'ms' },
    { label: 'server CPU load at that rate', values: pick((b) => b.serverCpuPct), unit: '%' },
    { label: 'load generator event-loop utilisation at that rate', values: pick((b) => b.generatorElu), digits: 2 },
  ]
}

function joinRows(j: JoinBenchResult): Row[] {
  const kinds = j.options.kinds
  const v = (pick: (r: JoinResult) => Num) => Object.fromEntries(kinds.map((k) => [k, j.servers[k] ? pick(j.servers[k]!) : Number.NaN])) as Row['values']
  const med = <T>(pick: (r: JoinResult) => T[] | null, f: (x: T) => Num) => v((r) => (pick(r) ? medianOf(pick(r)!, f) : Number.NaN))
  const o = j.servers.ours
  const warm = med((r) => r.warm, (x) => x.medianMs)
  const stormEnc = med((r) => r.storm, (x) => x.fullStateEncodes)
  return [
    { label: `**Join** (${fmt(o?.historyChars)} chars typed in ${fmt(o?.historyUpdates)} updates): full state (step 2) size`, values: v((r) => r.fullStateBytes), unit: 'B' },
    { label: 'history ingest rate through the server', values: v((r) => r.ingestUpdatesPerSec), unit: 'updates/s' },
    { label: 'server CPU per ingested update', values: v((r) => r.ingestCpuPerUpdateUs), unit: 'µs' },
    { label: `warm join, time to first sync (median of ${j.options.singleJoins})`, values: warm, unit: 'ms', target: '≤ 20 ms', pass: ok(warm.ours) && warm.ours <= 20 },
    { label: 'warm join, step 2 arrival (before applying)', values: med((r) => r.warm, (x) => x.step2ArrivalMs), unit: 'ms' },
    { label: 'warm join right after an edit, time to first sync', values: med((r) => r.warmAfterEdit, (x) => x.medianMs), unit: 'ms' },
    { label: 'server CPU per warm join', values: med((r) => r.warm, (x) => x.cpuPerJoinMs), unit: 'ms' },
    { label: `storm of ${j.options.stormClients} joins (after an edit): step 2 arrival p50`, values: med((r) => r.storm, (x) => x.p50), unit: 'ms' },
    { label: 'storm: step 2 arrival p99', values: med((r) => r.storm, (x) => x.p99), unit: 'ms' },
    { label: 'storm: server CPU for all joins', values: med((r) => r.storm, (x) => x.serverCpuMs), unit: 'ms' },
    { label: 'storm: full-state encodes in the server', values: stormEnc, digits: 0, target: '≈ 1', pass: ok(stormEnc.ours) && stormEnc.ours <= 2 },
    { label: 'cold join (document unloaded), time to first sync', values: med((r) => r.cold, (x) => x.medianMs), unit: 'ms' },
    { label: `cold storm of ${j.options.stormClients}: step 2 arrival p99`, values: med((r) => r.coldStorm, (x) => x.p99), unit: 'ms' },
    { label: 'cold storm: full-state encodes', values: med((r) => r.coldStorm, (x) => x.fullStateEncodes), digits: 0 },
  ]
}

function memoryRows(m: MemoryBenchResult): Row[] {
  const v = (pick: (r: NonNullable<MemoryBenchResult['servers'][ServerKind]>) => Num) => Object.fromEntries(m.options.kinds.map((k) => [k, m.servers[k] ? pick(m.servers[k]!) : Number.NaN])) as Row['values']
  return [
    { label: `**Memory**: RSS of a fresh server`, values: v((r) => r.connections.rssBeforeMb), unit: 'MiB' },
    { label: `RSS with ${fmt(m.options.reports)} reports open (one client each)`, values: v((r) => r.reports.rssAfterMb), unit: 'MiB' },
    { label: '… per open report (growth ÷ count)', values: v((r) => r.reports.perItemKb), unit: 'KiB' },
    { label: `RSS with ${fmt(m.options.connections)} connections on one report`, values: v((r) => r.connections.rssAfterMb), unit: 'MiB' },
    { label: '… per connection', values: v((r) => r.connections.perItemKb), unit: 'KiB' },
  ]
}

function diskRows(d: DiskBenchResult): Row[] {
  const rows: Row[] = []
  const kinds = d.options.kinds
  for (const sc of d.options.scenarios) {
    const med = (pick: (r: DiskBenchResult['runs'][ServerKind] extends (infer R)[] | undefined ? R : never) => Num) =>
      Object.fromEntries(kinds.map((k) => [k, medianOf((d.runs[k] ?? []).filter((r) => r.scenario === sc.name), pick)])) as Row['values']
    const file = med((r) => r.fileBytesPerKey)
    rows.push(
      { label: `**Disk**, ${sc.name} (${d.options.durationMs / 1000} s): bytes written to files per keystroke`, values: file, unit: 'B', target: '≤ 100 B', pass: ok(file.ours) && file.ours <= 100 },
      { label: 'block-device write_bytes per keystroke', values: med((r) => r.writeBytesPerKey), unit: 'B' },
      { label: 'ours: log growth per keystroke', values: { ours: med((r) => r.logBytesPerKey).ours }, unit: 'B' },
      { label: 'acknowledgement p50 (ours: fsynced; Hocuspocus: applied in memory)', values: med((r) => r.ackLatency.p50), unit: 'ms' },
    )
  }
  const c = (pick: (r: NonNullable<DiskBenchResult['crash'][ServerKind]>) => Num) => Object.fromEntries(kinds.map((k) => [k, d.crash[k] ? pick(d.crash[k]!) : Number.NaN])) as Row['values']
  const lostAck = c((r) => r.lostAcknowledged)
  rows.push(
    { label: `**kill -9** while ${d.options.crashTypists} type ${d.options.crashRate} chars/s: keystrokes sent`, values: c((r) => r.keystrokesSent), digits: 0 },
    { label: 'acknowledged before the kill (ours: on disk; Hocuspocus: in memory only)', values: c((r) => r.acknowledged), digits: 0 },
    { label: 'lost after the restart', values: c((r) => r.lost), digits: 0 },
    { label: 'acknowledged edits lost (ours: must be 0)', values: lostAck, digits: 0, target: '0', pass: lostAck.ours === 0 },
  )
  return rows
}

function manyRoomsRows(m: ManyRoomsResult): Row[] {
  const v = (pick: (r: NonNullable<ManyRoomsResult['servers'][ServerKind]>) => Num) => Object.fromEntries(m.options.kinds.map((k) => [k, m.servers[k] ? pick(m.servers[k]!) : Number.NaN])) as Row['values']
  const noWorse = (vals: Row['values']) => ok(vals.ours) && (['reference', 'hocuspocus'] as const).every((p) => !ok(vals[p]) || vals.ours! <= vals[p]!)
  const p99 = v((r) => r.latency.p99)
  return [
    { label: `**Many rooms** (${m.options.rooms} reports × ${m.options.clientsPerRoom} clients, all typing ${m.options.rate} chars/s, cursors on): updates in per second`, values: v((r) => r.updatesInPerSec), digits: 0 },
    { label: 'update deliveries out per second', values: v((r) => r.deliveriesOutPerSec), digits: 0 },
    { label: 'update latency p50', values: v((r) => r.latency.p50), unit: 'ms' },
    { label: 'update latency p99', values: p99, unit: 'ms', target: '≤ both peers', pass: noWorse(p99) },
    { label: 'server CPU load', values: v((r) => r.serverCpuPct), unit: '%' },
    { label: 'server CPU per keystroke', values: v((r) => r.cpuPerUpdateUs), unit: 'µs' },
    { label: 'updates delivered / expected', values: v((r) => r.deliveries / Math.max(1, r.expectedDeliveries)), digits: 3 },
  ]
}

function awarenessRows(a: AwarenessBenchResult): Row[] {
  const rows: Row[] = []
  const kinds = a.options.kinds
  for (const n of a.options.sizes) {
    rows.push({
      label: `${n === a.options.sizes[0] ? '**Awareness**, quiet room (renewals every 15 s): ' : ''}N = ${n}: awareness frames per client per 30 s`,
      values: Object.fromEntries(kinds.map((k) => [k, a.servers[k]?.rooms.find((r) => r.n === n)?.framesPerClientPer30s ?? Number.NaN])),
      digits: 1,
    })
  }
  const exp = Object.fromEntries(kinds.map((k) => [k, a.servers[k]?.exponent ?? Number.NaN])) as Row['values']
  rows.push({ label: 'growth of all awareness frames with N (log-log slope: 1 = O(N), 2 = O(N²))', values: exp, digits: 2, target: 'O(N): ≤ 1.2', pass: ok(exp.ours) && exp.ours <= 1.2 })
  return rows
}

function oursOnlyRows(res: AllResults): Row[] {
  const rows: Row[] = []
  const e = res.editorLoad
  if (e) {
    rows.push(
      { label: `**Editor in Chromium** (${e.blocks} blocks): load → every block drawn and a typed character shown (median of ${e.loads.length})`, values: { ours: e.load.medianInteractiveMs }, unit: 'ms', target: `≤ ${e.load.targetMs} ms`, pass: e.load.pass },
      { label: 'load → every block in the DOM', values: { ours: e.load.medianRenderedMs }, unit: 'ms' },
      { label: `keystroke → next frame p50 (${e.options.remoteTypists} remote typists at ${e.options.remoteRate} chars/s)`, values: { ours: e.keystroke.toFrame.p50 }, unit: 'ms' },
      { label: 'keystroke → next frame p95', values: { ours: e.keystroke.toFrame.p95 }, unit: 'ms', target: `≤ ${e.keystroke.targetP95Ms} ms`, pass: e.keystroke.pass },
      { label: 'main thread in long tasks while typing', values: { ours: e.keystroke.longTasks.busyShare * 100 }, unit: '%' },
    )
  }
  const k = res.kpiRecompute
  if (k) rows.push({ label: `**KPI recompute** (${k.rows} metric rows, in process): median of ${k.recomputes}`, values: { ours: k.medianMs }, unit: 'ms', target: `≤ ${k.targetMs} ms`, pass: k.pass })
  const pb = res.publish
  if (pb) {
    rows.push(
      { label: `**Check + publish** of a ${pb.blocks}-block report over REST (median of ${pb.rounds})`, values: { ours: pb.totalMs }, unit: 'ms', target: `≤ ${pb.targetMs} ms`, pass: pb.pass },
      { label: 'of which POST /check', values: { ours: pb.checkMs }, unit: 'ms' },
      { label: 'of which POST /publish (check again, freeze, fsync the version, metadata)', values: { ours: pb.publishMs }, unit: 'ms' },
    )
  }
  const d = res.diff
  if (d) {
    rows.push(
      { label: `**Diff of two ${d.blocks}-block versions** in report terms (month-end edits, ${d.changes} changes; median of ${d.runs})`, values: { ours: d.medianMs }, unit: 'ms', target: `≤ ${d.targetMs} ms`, pass: d.pass },
      { label: `the same with every text edited (${d.allTextEditedChanges} changes)`, values: { ours: d.allTextEditedMedianMs }, unit: 'ms' },
    )
  }
  const cf = res.clusterFanout
  if (cf) {
    const o = cf.options
    const cpu = (m: 'spread' | 'single') => cpuMedians(cf, m).map((v) => fmt(v)).join(' / ')
    rows.push(
      { label: `**Cluster** (3 processes, PostgreSQL + Redis; ${o.clients} clients, ${o.typists} typing ${o.rate} chars/s): fan-out p50, spread over 3 processes (p99 ${fmt(cf.p99.spread)} ms)`, values: { ours: cf.p50.spread }, unit: 'ms' },
      { label: `the same, all on one process (p99 ${fmt(cf.p99.single)} ms)`, values: { ours: cf.p50.single }, unit: 'ms' },
      { label: 'added latency of the Redis hop (spread − one process, p50)', values: { ours: cf.redisHopMs }, unit: 'ms', target: `≤ ${cf.goalHopMs} ms`, pass: cf.pass },
      ...(cf.p50.embedded !== undefined ? [{ label: `embedded server (files, no services), same clients (p99 ${fmt(cf.p99.embedded)} ms)`, values: { ours: cf.p50.embedded }, unit: 'ms' }] : []),
      { label: `CPU per update per process, spread (#0 / #1 / #2: ${cpu('spread')} µs); one process: ${cpu('single')} µs`, values: { ours: cpuMedians(cf, 'spread').reduce((a, b) => a + b, 0) }, unit: 'µs (sum, spread)' },
      { label: `join of a ${Math.round(cf.join.chars / 1000)}k-character report from PostgreSQL + a stream of ${cf.join.tailEntries} updates, through another process (median of ${cf.join.joinMs.length})`, values: { ours: cf.join.medianMs }, unit: 'ms' },
    )
  }
  const lf = res.loginFlood
  if (lf) {
    for (const v of lf.variants) {
      const head = v === lf.variants[0] ? `**Login flood** (${lf.options.connections} connections of wrong passwords, ${lf.options.accounts} accounts, all from 127.0.0.1): ` : ''
      rows.push(
        { label: `${head}${v.variant}: 已保存 p50 idle → flood (p99 ${fmt(v.idle.saved.p99)} → ${fmt(v.flood.saved.p99)} ms)`, values: { ours: v.flood.saved.p50 }, unit: `ms (idle ${fmt(v.idle.saved.p50)} ms, ${fmt(v.savedP50Ratio)}×)`, target: v.variant === 'before' ? undefined : '≤ 2× idle', pass: v.variant === 'before' ? undefined : v.pass },
        { label: `${v.variant}: comment POST p50 during the flood (idle ${fmt(v.idle.comment.p50)} ms; answers ${Object.entries(v.flood.answers).map(([k, n]) => `${k}×${n}`).join(', ')})`, values: { ours: v.flood.comment.p50 }, unit: 'ms' },
      )
    }
  }
  return rows
}

// ---------------------------------------------------------------- document

/** Every row with a target, by scenario, for the summary and the JSON. */
function allRows(res: AllResults): { section: string; rows: Row[] }[] {
  return [
    { section: 'Fan-out', rows: fanoutRows(res.fanout) },
    { section: 'Saturation', rows: saturationRows(res.saturation) },
    { section: 'Join', rows: joinRows(res.join) },
    { section: 'Memory', rows: memoryRows(res.memory) },
    { section: 'Disk', rows: diskRows(res.disk) },
    { section: 'Many rooms', rows: manyRoomsRows(res.manyRooms) },
    { section: 'Awareness', rows: awarenessRows(res.awareness) },
    { section: 'Ours only', rows: oursOnlyRows(res) },
  ]
}

function goalsMissed(res: AllResults): string[] {
  return allRows(res).flatMap(({ section, rows }) =>
    rows
      .filter((r) => r.target && r.pass === false)
      .map((r) => `${section}: ${r.label.replace(/\*\*/g, '')} — ours ${fmt(r.values.ours, r.digits)}${r.unit && ok(r.values.ours) ? ` ${r.unit}` : ''}, target ${r.target}`),
  )
}

function optimisations(): Optimisation[] {
  const file = path.join(ROOT, 'bench', 'optimisations.json')
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Optimisation[]) : []
}

function disturbanceNote(res: AllResults): string {
  const d = res.disturbance
  const parts = [
    `Other work on the machine is watched (\`/proc/stat\`): measurements wait for a quiet machine, and a fan-out run disturbed by more than ${FOREIGN_LIMIT_PCT} % of a CPU is repeated;`,
    `this run waited ${Math.round(d.waitedForQuietMs / 1000)} s for quiet and repeated ${d.repeatedRuns} run(s).`,
  ]
  if (d.budgetExhausted) parts.push('**The time allowed for waiting ran out, so some figures were measured while other work was running (see "other load" in the details).**')
  return parts.join(' ')
}

function fanoutDetails(f: FanoutResult): string {
  const kinds: ServerKind[] = [...fanoutKinds(f), ...f.options.headlineExtra]
  const runs = (k: ServerKind) => f.runs[String(f.options.headline)]?.[k] ?? []
  const line = (label: string, show: (r: FanoutRun) => string) => `| ${label} | ${kinds.map((k) => runs(k).map(show).join('; ') || '—').join(' | ')} |`
  return [
    `| N = ${f.options.headline}, per run | ${kinds.map((k) => SERVER_LABELS[k]).join(' | ')} |`,
    `| --- | ${kinds.map(() => '---').join(' | ')} |`,
    line('update p50 / p99 / p99.9 (ms)', (r) => `${fmt(r.latency.p50)} / ${fmt(r.latency.p99)} / ${fmt(r.latency.p999)}`),
    line('cursor p50 / p99 (ms)', (r) => `${fmt(r.awarenessLatency.p50)} / ${fmt(r.awarenessLatency.p99)}`),
    line('server CPU per keystroke (µs)', (r) => fmt(r.cpuPerUpdateUs, 0)),
    line('keystrokes / deliveries', (r) => `${r.updatesSent} / ${r.deliveries}`),
    line('other load / steal (% of a CPU)', (r) => `${fmt(r.foreignCpuPct, 1)} / ${fmt(r.stealPct, 1)}`),
    line('load generator ELU / CPU', (r) => `${fmt(r.generatorElu)} / ${fmt(r.generatorCpuPct, 0)}%`),
  ].join('\n')
}

function saturationDetails(s: SaturationBenchResult): string {
  const lines = ['| server | steps: chars/s per typist → update p99 (ms), server CPU, generator ELU | limit |', '| --- | --- | --- |']
  for (const k of s.options.kinds) {
    const r = s.servers[k]
    if (!r) continue
    const steps = [...r.steps].sort((a, b) => a.rate - b.rate).map((st) => `${st.rate} → ${fmt(st.run.p99WithMissing)}, ${fmt(st.run.serverCpuPct, 0)} %, ${fmt(st.run.generatorElu)}${st.held ? '' : ' ✗'}`)
    lines.push(`| ${SERVER_LABELS[k]} | ${steps.join('; ')} | ${r.generatorBound ? 'the load generator (its event loop ≥ 90 % busy at the failing step)' : 'the server'} |`)
  }
  return lines.join('\n')
}

export function markdown(res: AllResults, chartFile = CHART): string {
  const m = res.machine
  const f = res.fanout
  const missed = goalsMissed(res)
  const opts = optimisations()
  const section = (title: string, rows: Row[], peers?: PeerKind[]) => `### ${title}\n\n${table(rows, peers)}\n`
  return `# Benchmarks

Generated by \`${res.command}\` on ${res.date} (took ${Math.round(res.durationS)} s)${res.quick ? ' — **a quick smoke run: short windows, one repetition; not the scoreboard**' : ''}.
Every server ran on this machine in the same run, under the same load. Ratio = ours ÷ peer:
below 1× means ours is lower (faster / cheaper; for rates, higher is better).

**Machine:** ${m.nproc} CPUs (\`nproc\`), ${m.cpuModel}, Node ${m.node}, ${m.platform}.
${m.pinned ? 'Each server under test runs pinned to CPU 0 (`taskset`), the load generator (all clients, one process) to CPU 1.' : '`taskset` not available: processes were **not** pinned.'}
${disturbanceNote(res)}

**Peers:**
- **y-websocket 1.5.4** — y-websocket's own server code (\`bin/utils.js\` \`setupWSConnection\`) behind a bare \`http\` + \`ws\` server (\`bench/refServer.cjs\`); documents **in memory, no persistence**.
- **Hocuspocus 3.x + SQLite** — \`@hocuspocus/server\` with \`@hocuspocus/extension-database\` storing each document in SQLite (\`sql.js\`, one database file per document, written atomically, **no fsync**), at the default store debounce (2 s after the last change, at most 10 s) (\`bench/hocuspocusServer.cjs\`). It acknowledges each update as *applied in memory* (SyncStatus), never as stored.
- **null relay** — a plain \`ws\` server forwarding every frame to the other sockets of the room, no Yjs, no state (\`bench/nullRelay.cjs\`): the floor this machine sets.

**Ours** appends every change to the report's log and writes it durably (\`O_DSYNC\`; one 50 ms group-commit window shared by every report) before acknowledging it (MESSAGE_SAVED), checks write permission per update, rewrites every awareness update with the server's record of the user, and runs the report's hooks (KPI recompute, history): strictly more work per message than any peer. Ours runs with the Node flags \`npm start\` gives it (package.json \`config.serverNodeFlags\`: \`--max-semi-space-size=64\`, a larger young generation); the peers run with Node's defaults (given the same flag, y-websocket's many-rooms p99 went from 17.0 to 5.07 ms, median of 3: see the Optimisations table). All clients are lightweight y-protocols clients over \`ws\` (\`bench/lib/client.ts\`), speaking each server's framing (\`bench/lib/framing.ts\`).
Every server is measured in its steady state: fan-out runs each server unmeasured for ${f.options.steadyStateMs / 1000} s at N = ${f.options.headline} first, and many rooms leaves the first seconds of typing unmeasured, so no figure includes V8 still compiling the server (a long-lived server spends its life compiled; a bigger server would pay more).

## Goals missed

${missed.length ? missed.map((g) => `- ${g}`).join('\n') : 'None: every target holds.'}

## Results

Fan-out latency against N: [${chartFile}](${chartFile})

![update latency vs N](${chartFile})

${section('1. Fan-out', fanoutRows(f))}
${section('2. Saturation', saturationRows(res.saturation))}
${section('3. Join storm', joinRows(res.join), ['reference', 'hocuspocus'])}
${section('4. Memory', memoryRows(res.memory))}
${section('5. Disk and crash', diskRows(res.disk), ['hocuspocus'])}
${section('6. Many rooms', manyRoomsRows(res.manyRooms))}
${section('Awareness renewals', awarenessRows(res.awareness))}
${oursOnlyRows(res).length ? section('Ours only (no peer has these)', oursOnlyRows(res), []) : ''}${res.editorLoadFrom ? `\nThe editor figures are from ${res.editorLoadFrom}.\n` : ''}
## Optimisations

Each change to the server made for these figures, with the figure it moved before and after
(\`bench/optimisations.json\`, each pair from runs of the same command on this machine).

${
  opts.length
    ? ['| date | change | measurement | before | after | ratio | source |', '| --- | --- | --- | ---: | ---: | ---: | --- |', ...opts.map((o) => {
          const before = [o.before].flat()
          const after = [o.after].flat()
          const units = o.unit.split(' / ')
          const figures = (xs: number[]) => (units.length === xs.length ? xs.map((x, i) => `${fmt(x)} ${units[i]}`).join(' / ') : `${xs.map((x) => fmt(x)).join(' / ')} ${o.unit}`)
          return `| ${o.date} | ${o.change} | ${o.measurement} | ${figures(before)} | ${figures(after)} | ${after.map((a, i) => ratio(a, before[i]!)).join(' / ')} | ${o.source} |`
        })].join('\n')
    : 'None yet.'
}

## How to run

\`\`\`sh
npm run bench                      # = npx tsx bench/run.ts: everything (≈ 9 min), writes this file, docs/${CHART}, bench/results/latest.json
npx tsx bench/fanout.ts [--quick]     # 1. fan-out, N = ${f.options.ladder.join(', ')} (+ KPI on/off, bare Y.applyUpdate)
npx tsx bench/saturation.ts [--quick] # 2. saturation
npx tsx bench/join.ts [--quick]       # 3. join storm
npx tsx bench/memory.ts [--quick]     # 4. memory
npx tsx bench/disk.ts [--quick]       # 5. disk bytes and kill -9
npx tsx bench/manyRooms.ts [--quick]  # 6. many rooms
npx tsx bench/awareness.ts [--quick]  # awareness renewals
npx tsx bench/editorLoad.ts; npx tsx bench/kpiRecompute.ts; npx tsx bench/publish.ts; npx tsx bench/diffReports.ts; npx tsx bench/loginFlood.ts; npx tsx bench/clusterFanout.ts   # ours only
npx tsx bench/run.ts --quick       # every scenario, short: bench/results/quick.{json,md,svg}
npx tsx bench/run.ts --render      # rewrite this file and the chart from bench/results/latest.json
\`\`\`
Each scenario command prints JSON on stdout (progress on stderr), kills its server processes on
exit (also on errors and Ctrl-C) and gives up after a watchdog timeout; servers also stop
themselves if the benchmark process dies.

## Method and choices

- **Time budget** (≤ 10 minutes on 2 CPUs): the headline fan-out (N = ${f.options.headline}) is the median of
  ${f.options.reps} runs per server of ${f.options.measureMs / 1000} s measured after ${f.options.warmupMs / 1000} s of warm-up, the servers taking turns; the other N are one run each
  (N = 2: ${f.options.measureMsSmallN / 1000} s, its 2 typists make 10 keystrokes a second); saturation steps
  ${res.saturation.options.stepMs / 1000} s; disk ${res.disk.options.durationMs / 1000} s per case, once (the bytes per keystroke vary by a few %); the join's
  single joins and storms ${res.join.options.reps}×, its cold case once. Awareness, memory and disk run side by side (frames, RSS,
  bytes and lost edits do not depend on CPU time; the disk table's acknowledgement latencies are measured under that shared load).
- **Latency** = \`performance.now()\` before the edit → arrival of the frame at each *other* client (one process, one clock),
  keyed by the inserted item's \`client:clock\` (cursors by the awareness clock); echoes to the sender (the reference and Hocuspocus
  send every update back to its author) are not deliveries. Receivers only timestamp while measuring (they apply nothing),
  so the load generator stays light at N = 200; its event-loop utilisation is reported.
- **Server CPU** = on-CPU time of all the server's threads from \`/proc/<pid>/task/*/schedstat\` (ns) over the window,
  divided by keystrokes (each keystroke = one update + one cursor update), by update deliveries, or by frames sent.
  The *bare Y.applyUpdate* baseline applies the same typed updates to a copy of the receivers' document in the load
  generator (CPU time, median of 15 repetitions). The fixed/per-client split fits CPU per keystroke against N − 1 over the ladder.
- **Full-state encodes** are counted inside each server process (\`bench/lib/encodeCounter.mjs\`, preloaded:
  \`Y.encodeStateAsUpdate\` with no or an empty state vector), read through SIGUSR2 — the same count for every server, no server code changed.
- **Memory**: each part on a fresh server, VmRSS after ${res.memory.options.settleMs / 1000} s of quiet. The peers' documents get the same
  template body as ours (\`bench/lib/template.ts\`). Ours creates its reports through the REST API before the baseline.
- **Disk**: bytes passed to write(2) minus the bytes written to the clients' sockets (\`/proc/<pid>/io\`), and \`write_bytes\`
  (what reaches the block layer: page-granular, an fsync of a 40-byte append writes 4 KiB; ext4 journal blocks are written by
  jbd2 and not charged). Hocuspocus rewrites the document's whole SQLite file per store (2 s after the last change, at most every 10 s).
  **kill -9**: the server is SIGKILLed mid-typing, restarted on the same data, and the surviving keystrokes are counted from the
  typists' Yjs clocks.
- **Limits**: ours runs with \`MAX_CONNECTIONS_PER_USER\`, \`MAX_CONNECTIONS_PER_REPORT\` and \`MAX_MESSAGES_PER_SECOND\` raised
  (every benchmark client is one user); the checks still run.

## Details

### Fan-out, N = ${f.options.headline}, every run

${fanoutDetails(f)}

Runs repeated because other load plus steal exceeded ${FOREIGN_LIMIT_PCT} % of a CPU: ${f.discarded.length === 0 ? 'none' : f.discarded.map((r) => `${r.server} N=${r.clients} p99 ${fmt(r.latency.p99)} ms at ${fmt(r.foreignCpuPct, 0)} %`).join('; ')}.

### Saturation steps

${saturationDetails(res.saturation)}

### Disk, every run

| server | scenario | keystrokes | update size (B) | files B/key | write_bytes B/key | log B/key | write(2) calls/key | ack p50 / p99 (ms) |
| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |
${res.disk.options.kinds.flatMap((k) => (res.disk.runs[k] ?? []).map((r) => `| ${SERVER_LABELS[k]} | ${r.scenario} | ${r.keystrokes} | ${fmt(r.avgUpdateBytes, 1)} | ${fmt(r.fileBytesPerKey, 1)} | ${fmt(r.writeBytesPerKey, 0)} | ${r.logBytesPerKey === null ? '—' : fmt(r.logBytesPerKey, 1)} | ${fmt(r.syscwPerKey)} | ${fmt(r.ackLatency.p50)} / ${fmt(r.ackLatency.p99)} |`)).join('\n')}

### Join, every repetition

| server | warm median / p90 (ms) | storm p50 / p99 (ms), CPU (ms), encodes | cold single (ms) |
| --- | --- | --- | --- |
${res.join.options.kinds.map((k) => {
  const r = res.join.servers[k]
  if (!r) return `| ${SERVER_LABELS[k]} | — | — | — |`
  return `| ${SERVER_LABELS[k]} | ${r.warm.map((w) => `${fmt(w.medianMs)} / ${fmt(w.p90Ms)}`).join('; ')} | ${r.storm.map((s) => `${fmt(s.p50)} / ${fmt(s.p99)}, ${fmt(s.serverCpuMs, 0)}, ${s.fullStateEncodes ?? 'n/a'}`).join('; ')} | ${r.cold ? runsOf(r.cold.map((c) => c.medianMs)) : '—'} |`
}).join('\n')}
`
}

function summaryJson(res: AllResults) {
  return Object.fromEntries(
    allRows(res).flatMap(({ section, rows }) => rows.map((r) => [`${section}: ${r.label.replace(/\*\*/g, '')}`, { ...r.values, target: r.target ?? null, pass: r.pass ?? null }])),
  )
}

function writeOutputs(res: AllResults, mdFile: string, chartFile: string, chartLink: string): void {
  writeFileSync(chartFile, latencyChart(res.fanout))
  writeFileSync(mdFile, markdown(res, chartLink))
}

async function main(): Promise<void> {
  if (process.argv.includes('--render')) {
    const res = JSON.parse(readFileSync(path.join(ROOT, 'bench', 'results', 'latest.json'), 'utf8')) as AllResults
    if (res.format !== 2) throw new Error('bench/results/latest.json predates the peers (format 2): run `npm run bench` first')
    // A standalone `npx tsx bench/editorLoad.ts` made after this run replaces the run's editor figures; an older one does not.
    const standalone = path.join(ROOT, 'bench', 'results', 'editorLoad.json')
    if (existsSync(standalone) && statSync(standalone).mtime > new Date(res.date)) {
      res.editorLoad = readEditorLoadResult() ?? res.editorLoad
      res.editorLoadFrom = `\`npx tsx bench/editorLoad.ts\` at ${statSync(standalone).mtime.toISOString()}, after this run`
    }
    writeOutputs(res, path.join(ROOT, 'docs', 'benchmarks.md'), path.join(ROOT, 'docs', CHART), CHART)
    console.log('[bench] re-rendered docs/benchmarks.md and docs/latency-vs-n.svg from bench/results/latest.json')
    return
  }
  const args = parseArgs(process.argv.slice(2))
  installCleanup(12 * 60_000)
  pinSelf()
  const started = Date.now()
  const q = args.quick
  // Time for waiting for quiet and repeating disturbed runs, on top of ≈ 8½ minutes of planned work.
  setDisturbanceBudget(q ? 20_000 : 60_000)
  const fo: FanoutOptions = { ...FANOUT_DEFAULTS, measureMs: 4000, measureMsSmallN: 6000, ...(q ? FANOUT_QUICK : {}), ...(args.reps ? { reps: args.reps } : {}) }
  const so: SaturationOptions = { ...SATURATION_DEFAULTS, stepMs: 1500, ...(q ? SATURATION_QUICK : {}) }
  const jo: JoinOptions = { ...JOIN_DEFAULTS, ...(q ? JOIN_QUICK : {}) }
  const ro: ManyRoomsOptions = { ...MANY_ROOMS_DEFAULTS, measureMs: 4000, ...(q ? MANY_ROOMS_QUICK : {}) }
  const mo: MemoryOptions = { ...MEMORY_DEFAULTS, ...(q ? MEMORY_QUICK : {}) }
  const dop: DiskOptions = { ...DISK_DEFAULTS, ...(q ? DISK_QUICK : {}) }
  const ao: AwarenessOptions = { ...AWARENESS_DEFAULTS, ...(q ? AWARENESS_QUICK : {}) }
  const log = (s: string) => console.log(`${String(Math.round((Date.now() - started) / 1000)).padStart(4)} s ${s}`)

  const fanout = await runFanout(fo, log)
  const saturation = await runSaturation(so, log)
  const join = await runJoin(jo, log)
  const manyRooms = await runManyRooms(ro, log)
  // Frames, RSS, bytes and lost edits do not depend on CPU time: these three share the machine.
  const [awareness, memory, disk] = await Promise.all([runAwareness(ao, log, { quiet: false }), runMemory(mo, log, { quiet: false }), runDisk(dop, log, { quiet: false })])
  const kpiRecompute = runKpiRecompute()
  const diff = runDiffReports()
  const publish = await runPublishBench(q ? 3 : 8, log)
  const loginFlood = await runLoginFlood({ ...LOGIN_FLOOD_DEFAULTS, ...(q ? LOGIN_FLOOD_QUICK : { measureMs: 5000 }) }, log)
  const clusterFanout = await runClusterFanout({ ...CLUSTER_FANOUT_DEFAULTS, ...(q ? CLUSTER_FANOUT_QUICK : {}) }, log)
  const editorLoad = await runEditorLoad({ ...EDITOR_LOAD_DEFAULTS, ...(q ? { loads: 2, keystrokes: 50 } : { keystrokes: 150 }) })
  const res: AllResults = {
    format: 2,
    date: new Date().toISOString(),
    command: `npx tsx bench/run.ts${process.argv.slice(2).length ? ` ${process.argv.slice(2).join(' ')}` : ''}`,
    durationS: (Date.now() - started) / 1000,
    quick: q,
    machine: machine(),
    disturbance: disturbanceReport(),
    fanout,
    saturation,
    join,
    manyRooms,
    memory,
    disk,
    awareness,
    kpiRecompute,
    editorLoad,
    publish,
    diff,
    loginFlood,
    clusterFanout,
  }
  const resultsDir = path.join(ROOT, 'bench', 'results')
  mkdirSync(resultsDir, { recursive: true })
  const json = JSON.stringify({ ...res, summary: summaryJson(res), goalsMissed: goalsMissed(res) }, null, 2)
  if (q) {
    writeFileSync(path.join(resultsDir, 'quick.json'), json)
    writeOutputs(res, path.join(resultsDir, 'quick.md'), path.join(resultsDir, 'quick.svg'), 'quick.svg')
    console.log(`[bench] quick run: bench/results/quick.{json,md,svg} in ${Math.round(res.durationS)} s`)
  } else {
    writeFileSync(path.join(resultsDir, 'latest.json'), json)
    writeOutputs(res, path.join(ROOT, 'docs', 'benchmarks.md'), path.join(ROOT, 'docs', CHART), CHART)
    console.log(`[bench] wrote docs/benchmarks.md, docs/${CHART} and bench/results/latest.json in ${Math.round(res.durationS)} s`)
  }
  console.log(`[bench] goals missed: ${goalsMissed(res).length}`)
  process.exit(0)
}

await main()
