/**
 * Runs every benchmark (fan-out, disk, join), 3 repetitions each, and writes
 * docs/benchmarks.md (medians) and bench/results/latest.json (every run).
 *
 *   npx tsx bench/run.ts            (npm run bench)
 *   npx tsx bench/run.ts --quick    short runs, to check the scripts (writes bench/results/quick.json only)
 *   npx tsx bench/run.ts --render   rewrite docs/benchmarks.md from bench/results/latest.json
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { runDisk, DISK_DEFAULTS, type DiskOptions, type DiskRun } from './disk'
import { FANOUT_DEFAULTS, runFanout, type FanoutOptions, type FanoutResult } from './fanout'
import { JOIN_DEFAULTS, runJoin, type JoinBenchResult, type JoinOptions } from './join'
import { runKpiFanout, type KpiFanoutResult } from './kpiFanout'
import { runKpiRecompute, type KpiRecomputeResult } from './kpiRecompute'
import { EDITOR_LOAD_DEFAULTS, readEditorLoadResult, runEditorLoad, type EditorLoadResult } from './editorLoad'
import { parseArgs } from './lib/args'
import { disturbanceReport, FOREIGN_LIMIT_PCT, setDisturbanceBudget, installCleanup, machine, pinSelf, type MachineInfo } from './lib/proc'
import { medianOf } from './lib/stats'

const ROOT = path.resolve(import.meta.dirname, '..')

export interface AllResults {
  date: string
  command: string
  durationS: number
  /** Set when some rows were re-measured after the full run (which ones, with the command). */
  editorLoadNote?: string
  machine: MachineInfo
  /** Waiting for a quiet machine and repeated runs (see lib/proc.ts). */
  disturbance?: { waitedForQuietMs: number; repeatedRuns: number; budgetExhausted: boolean }
  fanout: FanoutResult
  disk: { options: DiskOptions; runs: Record<string, DiskRun[]> }
  join: JoinBenchResult
  /** The editor in Chromium (bench/editorLoad.ts); absent from results made before it existed. */
  editorLoad?: EditorLoadResult
  /** One KPI recompute of a 500-row report (bench/kpiRecompute.ts); absent from older results. */
  kpiRecompute?: KpiRecomputeResult
  /** Fan-out p99 with the KPI recompute on vs off (bench/kpiFanout.ts); absent from older results. */
  kpiFanout?: KpiFanoutResult
}

type Num = number | null | undefined

const fmt = (v: Num, digits = 2): string => {
  if (v === null || v === undefined || !Number.isFinite(v)) return 'n/a'
  if (Math.abs(v) >= 1000) return Math.round(v).toLocaleString('en-US')
  if (Math.abs(v) >= 100) return v.toFixed(0)
  if (Math.abs(v) >= 10) return v.toFixed(1)
  return v.toFixed(digits)
}

const ratio = (ours: Num, ref: Num): string => {
  if (ours === null || ours === undefined || ref === null || ref === undefined || !Number.isFinite(ours) || !Number.isFinite(ref) || ref === 0) return '—'
  return `${(ours / ref).toFixed(2)}×`
}

interface Row {
  label: string
  ours: Num
  ref?: Num
  unit?: string
  target?: string
  /** For targets: pass when this holds. */
  pass?: boolean
  digits?: number
}

function table(rows: Row[]): string {
  const lines = ['| measurement | ours | reference | ratio ours/ref | target |', '| --- | ---: | ---: | ---: | --- |']
  for (const r of rows) {
    const unit = r.unit ? ` ${r.unit}` : ''
    const target = r.target ? `${r.target} ${r.pass === undefined ? '' : r.pass ? '✅' : '❌'}`.trim() : ''
    lines.push(`| ${r.label} | ${fmt(r.ours, r.digits)}${unit} | ${r.ref === undefined ? 'n/a' : `${fmt(r.ref, r.digits)}${unit}`} | ${ratio(r.ours, r.ref)} | ${target} |`)
  }
  return lines.join('\n')
}

export function summarize(res: AllResults): Row[] {
  const f = res.fanout
  const fo = (pick: (r: FanoutResult['ours'][number]) => Num) => medianOf(f.ours, pick)
  const fr = (pick: (r: FanoutResult['reference'][number]) => Num) => medianOf(f.reference, pick)
  const j = res.join
  const jo = <T>(runs: T[] | null, pick: (r: T) => Num) => (runs ? medianOf(runs, pick) : null)
  const p99o = fo((r) => r.latency.p99)
  const p99r = fr((r) => r.latency.p99)
  const n = f.options.clients
  const rows: Row[] = [
    { label: `**Fan-out** (${n} clients, ${f.options.typists} typing ${f.options.rate} chars/s, cursors on): update latency p50`, ours: fo((r) => r.latency.p50), ref: fr((r) => r.latency.p50), unit: 'ms' },
    { label: 'update latency p99', ours: p99o, ref: p99r, unit: 'ms', target: `≤ 10 ms and ≤ reference`, pass: p99o <= 10 && p99o <= p99r },
    { label: 'update latency p99.9', ours: fo((r) => r.latency.p999), ref: fr((r) => r.latency.p999), unit: 'ms' },
    { label: 'cursor (awareness) latency p50', ours: fo((r) => r.awarenessLatency.p50), ref: fr((r) => r.awarenessLatency.p50), unit: 'ms' },
    { label: 'cursor (awareness) latency p99', ours: fo((r) => r.awarenessLatency.p99), ref: fr((r) => r.awarenessLatency.p99), unit: 'ms' },
    { label: 'server CPU per keystroke (1 update + 1 cursor update, fanned out)', ours: fo((r) => r.cpuPerUpdateUs), ref: fr((r) => r.cpuPerUpdateUs), unit: 'µs' },
    { label: '… of which the main (JS) thread', ours: fo((r) => r.mainThreadCpuPerUpdateUs), ref: fr((r) => r.mainThreadCpuPerUpdateUs), unit: 'µs' },
    { label: '… of which other threads (libuv pool: log write + fdatasync; V8)', ours: fo((r) => r.otherThreadsCpuPerUpdateUs), ref: fr((r) => r.otherThreadsCpuPerUpdateUs), unit: 'µs' },
    { label: 'server CPU per update delivery (total ÷ deliveries)', ours: fo((r) => r.cpuPerDeliveryUs), ref: fr((r) => r.cpuPerDeliveryUs), unit: 'µs' },
    { label: 'server CPU load while typing', ours: fo((r) => r.serverCpuPct), ref: fr((r) => r.serverCpuPct), unit: '%' },
    { label: 'updates delivered / expected', ours: fo((r) => r.deliveries / r.expectedDeliveries), ref: fr((r) => r.deliveries / r.expectedDeliveries), digits: 3, target: '1.000' },
    { label: 'save ack (MESSAGE_SAVED, fsynced) latency p50', ours: fo((r) => r.saveAckLatency?.p50), unit: 'ms' },
    { label: 'save ack latency p99', ours: fo((r) => r.saveAckLatency?.p99), unit: 'ms' },
  ]
  for (const [name, runs] of Object.entries(res.disk.runs)) {
    const logB = medianOf(runs, (r) => r.logBytesPerKey)
    rows.push({ label: `**Disk**, ${name}: log bytes per keystroke`, ours: logB, unit: 'B', target: '≤ 100 B', pass: logB <= 100 })
    rows.push({ label: `${name}: device write_bytes per keystroke`, ours: medianOf(runs, (r) => r.writeBytesPerKey), unit: 'B' })
  }
  const warmO = jo(j.ours.warm, (r) => r.medianMs)
  rows.push(
    { label: `**Join** (${fmt(j.ours.historyChars)} chars typed in ${fmt(j.ours.historyUpdates)} updates): full state (step 2) size`, ours: j.ours.fullStateBytes, ref: j.reference.fullStateBytes, unit: 'B' },
    { label: 'history ingest rate through the server', ours: j.ours.ingestUpdatesPerSec, ref: j.reference.ingestUpdatesPerSec, unit: 'updates/s' },
    { label: 'server CPU per ingested update', ours: j.ours.ingestCpuPerUpdateUs, ref: j.reference.ingestCpuPerUpdateUs, unit: 'µs' },
    { label: `warm join, time to first sync (median of ${j.options.singleJoins})`, ours: warmO, ref: jo(j.reference.warm, (r) => r.medianMs), unit: 'ms', target: '≤ 20 ms', pass: warmO !== null && warmO <= 20 },
    { label: 'warm join, step 2 arrival (before applying)', ours: jo(j.ours.warm, (r) => r.step2ArrivalMs), ref: jo(j.reference.warm, (r) => r.step2ArrivalMs), unit: 'ms' },
    { label: 'warm join right after an edit (no cached state), time to first sync', ours: jo(j.ours.warmAfterEdit, (r) => r.medianMs), ref: jo(j.reference.warmAfterEdit, (r) => r.medianMs), unit: 'ms' },
    { label: 'server CPU per warm join (cached state)', ours: jo(j.ours.warm, (r) => r.cpuPerJoinMs), ref: jo(j.reference.warm, (r) => r.cpuPerJoinMs), unit: 'ms' },
    { label: 'server CPU per warm join after an edit (incl. the edit)', ours: jo(j.ours.warmAfterEdit, (r) => r.cpuPerJoinMs), ref: jo(j.reference.warmAfterEdit, (r) => r.cpuPerJoinMs), unit: 'ms' },
    { label: `storm of ${j.options.stormClients} joins (after an edit): step 2 arrival p50`, ours: jo(j.ours.storm, (r) => r.p50), ref: jo(j.reference.storm, (r) => r.p50), unit: 'ms' },
    { label: 'storm: step 2 arrival p99', ours: jo(j.ours.storm, (r) => r.p99), ref: jo(j.reference.storm, (r) => r.p99), unit: 'ms' },
    { label: 'storm: server CPU for all joins', ours: jo(j.ours.storm, (r) => r.serverCpuMs), ref: jo(j.reference.storm, (r) => r.serverCpuMs), unit: 'ms' },
    { label: 'storm: distinct step-2 payloads received', ours: jo(j.ours.storm, (r) => r.distinctStep2), ref: jo(j.reference.storm, (r) => r.distinctStep2), digits: 0, target: '1' },
    { label: 'cold join (room unloaded), time to first sync', ours: jo(j.ours.cold, (r) => r.medianMs), unit: 'ms' },
    { label: `cold storm of ${j.options.stormClients}: step 2 arrival p50`, ours: jo(j.ours.coldStorm, (r) => r.p50), unit: 'ms' },
    { label: 'cold storm: step 2 arrival p99', ours: jo(j.ours.coldStorm, (r) => r.p99), unit: 'ms' },
    { label: 'cold storm: server CPU (load + encode + 50 sends)', ours: jo(j.ours.coldStorm, (r) => r.serverCpuMs), unit: 'ms' },
  )
  const e = res.editorLoad
  if (e) {
    rows.push(
      { label: `**Editor in Chromium** (${e.blocks} blocks, single run): load → every block drawn and a typed character shown (median of ${e.loads.length})`, ours: e.load.medianInteractiveMs, unit: 'ms', target: `≤ ${e.load.targetMs} ms`, pass: e.load.pass },
      { label: 'load → every block in the DOM', ours: e.load.medianRenderedMs, unit: 'ms' },
      { label: 'load → next frame after every block is in the DOM', ours: e.load.medianRenderedFrameMs, unit: 'ms' },
      { label: `keystroke → next frame p50 (${e.options.remoteTypists} remote typists at ${e.options.remoteRate} chars/s)`, ours: e.keystroke.toFrame.p50, unit: 'ms' },
      { label: 'keystroke → next frame p95', ours: e.keystroke.toFrame.p95, unit: 'ms', target: `≤ ${e.keystroke.targetP95Ms} ms`, pass: e.keystroke.pass },
      { label: 'keystroke → next frame p95, from the input event\'s timestamp (incl. queueing)', ours: e.keystroke.toFrameFromEvent.p95, unit: 'ms' },
      { label: 'main thread in long tasks while typing', ours: e.keystroke.longTasks.busyShare * 100, unit: '%' },
    )
  }
  const k = res.kpiRecompute
  if (k) {
    rows.push({ label: `**KPI recompute** (${k.rows} metric rows, in process): median of ${k.recomputes}`, ours: k.medianMs, unit: 'ms', target: `≤ ${k.targetMs} ms`, pass: k.pass })
  }
  const kf = res.kpiFanout
  if (kf) {
    rows.push({
      label: `**Fan-out p99 with KPI recompute on** (reference column: the same server with KPI_RECOMPUTE=off; ${kf.options.clients} clients, ${kf.options.typists} typing, median of ${kf.on.length})`,
      ours: kf.p99On,
      ref: kf.p99Off,
      unit: 'ms',
      target: '≤ 1.10× off',
      pass: kf.pass,
    })
  }
  return rows
}

function disturbanceNote(res: AllResults): string {
  const d = res.disturbance
  if (!d) return ''
  const parts = [
    `Other work on the machine is watched (\`/proc/stat\`): each measurement waits for a quiet machine and a run disturbed by more than ${FOREIGN_LIMIT_PCT} % of a CPU is repeated;`,
    `this run waited ${Math.round(d.waitedForQuietMs / 1000)} s for quiet and repeated ${d.repeatedRuns} run(s).`,
  ]
  if (d.budgetExhausted) parts.push('**The time allowed for waiting ran out, so some figures were measured while other work was running (see "other load" in the details).**')
  return parts.join(' ')
}

/** Findings computed from the numbers of this run. */
export function observations(res: AllResults): string[] {
  const f = res.fanout
  const j = res.join
  const out: string[] = []
  const p99o = medianOf(f.ours, (r) => r.latency.p99)
  const p99r = medianOf(f.reference, (r) => r.latency.p99)
  const p99Runs = (runs: FanoutResult['ours']) => runs.map((r) => fmt(r.latency.p99)).join(', ')
  out.push(
    `Fan-out p99 ${fmt(p99o)} ms vs reference ${fmt(p99r)} ms (runs: ${p99Runs(f.ours)} vs ${p99Runs(f.reference)}): ` +
      `${p99o <= 10 ? 'within' : '**over**'} the 10 ms target, ${p99o <= p99r ? 'no worse than' : '**worse than**'} the reference. ` +
      `Tail latencies on this shared 2-CPU VM move by a few ms between runs; compare the per-run values, not only the medians.`,
  )
  const cpuO = medianOf(f.ours, (r) => r.cpuPerUpdateUs)
  const cpuR = medianOf(f.reference, (r) => r.cpuPerUpdateUs)
  const mainO = medianOf(f.ours, (r) => r.mainThreadCpuPerUpdateUs)
  const mainR = medianOf(f.reference, (r) => r.mainThreadCpuPerUpdateUs)
  const othO = medianOf(f.ours, (r) => r.otherThreadsCpuPerUpdateUs)
  const othR = medianOf(f.reference, (r) => r.otherThreadsCpuPerUpdateUs)
  out.push(
    `Server CPU per keystroke is ${(cpuO / cpuR).toFixed(2)}× the reference's (${fmt(cpuO)} vs ${fmt(cpuR)} µs): main thread ${fmt(mainO)} vs ${fmt(mainR)} µs ` +
      `(awareness rewrite + echo, permission check and MESSAGE_SAVED per write), other threads ${fmt(othO)} vs ${fmt(othR)} µs (our log append + fdatasync in the libuv pool). ` +
      `Most of either server's time is the ${f.options.clients}-way fan-out itself (two frames per keystroke to every client, one write(2) each).`,
  )
  const disk = Object.entries(res.disk.runs).map(([name, runs]) => ({
    name,
    log: medianOf(runs, (r) => r.logBytesPerKey),
    dev: medianOf(runs, (r) => r.writeBytesPerKey),
    ack: medianOf(runs, (r) => r.saveAckLatency.p50),
  }))
  const maxDev = Math.max(...disk.map((d) => d.dev))
  const minLog = Math.min(...disk.map((d) => d.log))
  out.push(
    `Disk: the log grows ${disk.map((d) => fmt(d.log, 1)).join(' / ')} B per keystroke (${disk.map((d) => d.name).join(' / ')}) — within the 100 B target. ` +
      `The device sees ${disk.map((d) => fmt(d.dev, 0)).join(' / ')} B per keystroke (write_bytes, up to ${fmt(maxDev / minLog, 0)}× the logical bytes, before ext4 journal writes): ` +
      `every fdatasync writes at least a whole 4 KiB page, so the device figure is 4 KiB ÷ keystrokes per fsync. The group-commit window (COMMIT_WINDOW_MS, 50 ms by default) ` +
      `merges keystrokes that arrive within it — several typists at once — at the price of a later "Saved" (save-ack p50 ${disk.map((d) => fmt(d.ack, 1)).join(' / ')} ms); ` +
      `a lone typist slower than one key per window still costs one page per keystroke.`,
  )
  const warmO = medianOf(j.ours.warm, (r) => r.medianMs)
  const arrO = medianOf(j.ours.warm, (r) => r.step2ArrivalMs)
  out.push(
    `Warm join ${fmt(warmO)} ms (target ≤ 20 ms), of which the server's part (socket → step 2 arrival) is ${fmt(arrO)} ms; the rest is the client applying the ` +
      `${fmt(j.ours.fullStateBytes / 1024, 0)} KiB state. Server CPU (ours shares one cached step-2 frame between fresh joiners): ${fmt(medianOf(j.ours.warm, (r) => r.cpuPerJoinMs))} vs ` +
      `${fmt(medianOf(j.reference.warm, (r) => r.cpuPerJoinMs))} ms per warm join, and ${fmt(medianOf(j.ours.storm, (r) => r.serverCpuMs), 0)} vs ` +
      `${fmt(medianOf(j.reference.storm, (r) => r.serverCpuMs), 0)} ms for a storm of ${j.options.stormClients} (the reference encodes the full state once per joiner).`,
  )
  if (j.ours.cold && j.ours.cold.length > 0) {
    const cold = j.ours.cold
    out.push(
      `Cold join (room unloaded): ${runsOf(cold.map((r) => r.medianMs))} ms, server CPU ${runsOf(cold.map((r) => r.cpuPerJoinMs), 0)} ms per cold join — ` +
        `reading the snapshot and Y.applyUpdate of the whole state into a fresh Y.Doc, on code paths the JIT has rarely run (hence the spread).`,
    )
  }
  return out
}

const runsOf = (vals: Num[], digits = 2) => vals.map((v) => fmt(v, digits)).join(' / ')

export function markdown(res: AllResults): string {
  const m = res.machine
  const f = res.fanout
  const j = res.join
  const diskRows = Object.entries(res.disk.runs).map(
    ([name, runs]) =>
      `| ${name} | ${runs[0]?.keystrokes ?? 'n/a'} | ${fmt(medianOf(runs, (r) => r.avgUpdateBytes), 1)} | ${runsOf(runs.map((r) => r.logBytesPerKey), 1)} | ${runsOf(runs.map((r) => r.writeBytesPerKey), 0)} | ${runsOf(runs.map((r) => r.wcharFilePerKey), 1)} | ${fmt(medianOf(runs, (r) => r.syscwPerKey))} | ${fmt(medianOf(runs, (r) => r.saveAckLatency.p50))} / ${fmt(medianOf(runs, (r) => r.saveAckLatency.p99))} ms |`,
  )
  const writeBytesZero = Object.values(res.disk.runs).some((runs) => runs.some((r) => r.writeBytesZero))
  return `# Benchmarks

Generated by \`${res.command}\` on ${res.date} (took ${Math.round(res.durationS)} s).
Every figure is the **median of 3 runs** (per-run values in the details and in
\`bench/results/latest.json\`). Ratio = ours ÷ reference: below 1× means ours is
lower (faster / cheaper).${res.editorLoadNote ? `\n\n*Note:* ${res.editorLoadNote}.` : ''}

**Machine:** ${m.nproc} CPUs (\`nproc\`), ${m.cpuModel}, Node ${m.node}, ${m.platform}.
${disturbanceNote(res)}
${m.pinned ? 'The server under test runs pinned to CPU 0 (`taskset -a -pc 0`), the load generator (all clients, one process) to CPU 1.' : '`taskset` not available: processes were **not** pinned.'}

**Reference** = y-websocket 1.5.4's own server code (\`bin/utils.js\` \`setupWSConnection\`)
behind a bare \`http\` + \`ws\` server (\`bench/refServer.cjs\`), documents **in memory,
no persistence**. Ours appends every update to the report's log and fsyncs
(batched) before acknowledging it, checks write permission per update and
rewrites every awareness update (the server's record of the user), so it does
strictly more work per message.

## Results

${table(summarize(res))}

## Observations

${observations(res).map((o) => `- ${o}`).join('\n')}

## How to run

\`\`\`sh
npm run bench                  # = npx tsx bench/run.ts: everything, writes this file + bench/results/latest.json
npx tsx bench/fanout.ts        # one benchmark, JSON on stdout (also: bench/disk.ts, bench/join.ts)
npx tsx bench/run.ts --quick   # short smoke run of all three (writes bench/results/quick.json only)
npx tsx bench/run.ts --render  # rewrite this file from bench/results/latest.json
\`\`\`
Options: \`--reps N\` (default 3), \`--quick\`. Every command kills its server
processes on exit (also on errors and Ctrl-C) and gives up after a watchdog
timeout; servers also stop themselves if the benchmark process dies.

## Details

### Fan-out (\`bench/fanout.ts\`)

${f.options.clients} lightweight clients (raw y-protocols over \`ws\`, each with its own Y.Doc, all in the
load-generator process) join one document; ${f.options.typists} of them each own a paragraph
(\`Y.XmlElement('paragraph')\` > \`Y.XmlText\` in the \`default\` XmlFragment) and type mixed
Chinese/Latin text at ${f.options.rate} chars/s each (${f.options.rate * f.options.typists} keystrokes/s in all), one update
per keystroke (≈${fmt(medianOf(f.ours, (r) => r.avgUpdateBytes), 1)} B), plus one awareness update with the
cursor (relative positions) per keystroke. ${f.options.warmupMs / 1000} s warm-up, then ${f.options.measureMs / 1000} s measured.
Latency = \`performance.now()\` before the edit → arrival of the frame at each of the other ${f.options.clients - 1}
clients (keyed by the inserted item's \`client:clock\`; the reference's echo to the sender is ignored).
Receivers timestamp the frame first and apply updates to their Y.Doc in a \`setImmediate\` batch.
Server CPU = \`utime+stime\` from \`/proc/<pid>/stat\` over the window (10 ms ticks), divided by
keystrokes and by update deliveries; it includes the cursor traffic.

| per run | ours | reference |
| --- | --- | --- |
| update p50 / p99 / p99.9 (ms) | ${f.ours.map((r) => `${fmt(r.latency.p50)} / ${fmt(r.latency.p99)} / ${fmt(r.latency.p999)}`).join('; ')} | ${f.reference.map((r) => `${fmt(r.latency.p50)} / ${fmt(r.latency.p99)} / ${fmt(r.latency.p999)}`).join('; ')} |
| update max (ms) | ${runsOf(f.ours.map((r) => r.latency.max))} | ${runsOf(f.reference.map((r) => r.latency.max))} |
| cursor p99 / p99.9 (ms) | ${f.ours.map((r) => `${fmt(r.awarenessLatency.p99)} / ${fmt(r.awarenessLatency.p999)}`).join('; ')} | ${f.reference.map((r) => `${fmt(r.awarenessLatency.p99)} / ${fmt(r.awarenessLatency.p999)}`).join('; ')} |
| keystrokes measured / deliveries | ${f.ours.map((r) => `${r.updatesSent} / ${r.deliveries}`).join('; ')} | ${f.reference.map((r) => `${r.updatesSent} / ${r.deliveries}`).join('; ')} |
| server CPU per keystroke (µs) | ${runsOf(f.ours.map((r) => r.cpuPerUpdateUs), 0)} | ${runsOf(f.reference.map((r) => r.cpuPerUpdateUs), 0)} |
| other load on the machine / steal (% of a CPU) | ${f.ours.map((r) => `${fmt(r.foreignCpuPct, 1)} / ${fmt(r.stealPct, 1)}`).join('; ')} | ${f.reference.map((r) => `${fmt(r.foreignCpuPct, 1)} / ${fmt(r.stealPct, 1)}`).join('; ')} |
| load generator event-loop utilisation / CPU | ${f.ours.map((r) => `${fmt(r.generatorElu)} / ${fmt(r.generatorCpuPct, 0)}%`).join('; ')} | ${f.reference.map((r) => `${fmt(r.generatorElu)} / ${fmt(r.generatorCpuPct, 0)}%`).join('; ')} |

The load generator stays far from saturation (utilisation above), so the latencies are the servers'.
*Other load* = machine-wide busy CPU (\`/proc/stat\`) minus the server's and the load generator's, in % of one
CPU (≈ 8–10 % is the kernel's own share: loopback networking, ext4 journal); a run where it plus steal
exceeded ${FOREIGN_LIMIT_PCT} % (something else was running, e.g. a test suite) was repeated (up to twice):
${f.discarded.length === 0 ? 'none was.' : `${f.discarded.length} run(s) repeated, discarded values: ${f.discarded.map((r) => `${r.server} p99 ${fmt(r.latency.p99)} ms at ${fmt(r.foreignCpuPct, 0)} % other load`).join('; ')}.`}

### Disk (\`bench/disk.ts\`, ours only)

Typists (cursors on) on a fresh report for ${res.disk.options.durationMs / 1000} s; counters are read after
every write was acknowledged as fsynced (MESSAGE_SAVED) and 300 ms of quiet; scenarios are 3.5 s apart
so the previous report's unload (snapshot write) is not counted.
*log* = growth of the report's folder (\`log-<g>.bin\` records: 8-byte header + the Yjs update);
*write_bytes* = \`/proc/<pid>/io\` bytes the process sent to the block device (page-granular: every
fsync of a small append rewrites at least one 4 KiB page; ext4 journal blocks are written by jbd2
and not charged to the process); *wchar − sockets* = bytes passed to write(2) minus the bytes the
server wrote to the clients' sockets (counted client-side, payload + frame header) — the remainder
also holds libuv's 8-byte eventfd wake-ups (2 per fsync batch).${writeBytesZero ? '\n\n**write_bytes stayed 0 in at least one run** (the container does not account block I/O): use the log-growth and wchar figures.' : ''}

| scenario | keystrokes | update size (B) | log B/keystroke (runs) | write_bytes B/keystroke (runs) | wchar − sockets B/keystroke (runs) | write(2) calls/keystroke | save ack p50 / p99 |
| --- | ---: | ---: | --- | --- | --- | ---: | --- |
${diskRows.join('\n')}

### Join (\`bench/join.ts\`)

The history: ${fmt(j.ours.historyUpdates)} updates typing ${fmt(j.ours.historyChars)} characters (1–8 per insert, cursor jumps, new paragraph every
300–800 chars) and deleting ${fmt(j.ours.deletedChars)} (1–5 per delete), generated once from a fixed seed on top of
our report template and sent by one client through each server (the reference first receives the same
template state), in chunks of 1,000 each closed by a sync round trip. Content checked identical on both: ${j.ours.contentMatches && j.reference.contentMatches ? 'yes' : '**NO**'}.
Time to first sync = socket created → sync step 2 received and applied to a fresh Y.Doc.
*Warm*: the writer stays connected, ${j.options.singleJoins} joins one after the other; *after an edit*: the writer
types one character (and round-trips) before each join, so no cached full state can be reused.
*Storm*: ${j.options.stormClients} sockets opened at once right after an edit; their time is socket → step-2 **arrival**
(they decode but do not apply: applying ${j.options.stormClients} copies serially in one process would time the load
generator). *Cold* (ours only; the reference never unloads a document): all clients left ${j.options.coldWaitMs / 1000} s
earlier (our rooms unload 2 s after the last client and compact the log), so the join loads the report from disk.

Full-state encodes: the server does not expose its counters, so the storm records the distinct step-2
payloads (all byte-identical = 1). Yjs encoding is deterministic, so identical bytes are necessary but
not sufficient for "encoded once" (the reference, which encodes per joiner, also sends identical bytes);
the server CPU for the storm is the evidence for the shared encode.
A repetition during which other load on the machine plus steal exceeded ${FOREIGN_LIMIT_PCT} % of a CPU is measured again (up to twice).

| per run | ours | reference |
| --- | --- | --- |
| warm: median / p90 (ms) | ${j.ours.warm.map((r) => `${fmt(r.medianMs)} / ${fmt(r.p90Ms)}`).join('; ')} | ${j.reference.warm.map((r) => `${fmt(r.medianMs)} / ${fmt(r.p90Ms)}`).join('; ')} |
| warm: socket open / step 2 arrival (ms) | ${j.ours.warm.map((r) => `${fmt(r.openMs)} / ${fmt(r.step2ArrivalMs)}`).join('; ')} | ${j.reference.warm.map((r) => `${fmt(r.openMs)} / ${fmt(r.step2ArrivalMs)}`).join('; ')} |
| after an edit: median / p90 (ms) | ${j.ours.warmAfterEdit.map((r) => `${fmt(r.medianMs)} / ${fmt(r.p90Ms)}`).join('; ')} | ${j.reference.warmAfterEdit.map((r) => `${fmt(r.medianMs)} / ${fmt(r.p90Ms)}`).join('; ')} |
| storm: p50 / p99 / max (ms) | ${j.ours.storm.map((r) => `${fmt(r.p50)} / ${fmt(r.p99)} / ${fmt(r.max)}`).join('; ')} | ${j.reference.storm.map((r) => `${fmt(r.p50)} / ${fmt(r.p99)} / ${fmt(r.max)}`).join('; ')} |
| storm: server CPU (ms), distinct step 2 | ${j.ours.storm.map((r) => `${fmt(r.serverCpuMs, 0)}, ${r.distinctStep2}`).join('; ')} | ${j.reference.storm.map((r) => `${fmt(r.serverCpuMs, 0)}, ${r.distinctStep2}`).join('; ')} |
| other load on the machine per repetition (% of a CPU) | ${j.ours.otherLoad.map((l) => fmt(l.foreignCpuPct + l.stealPct, 1)).join(' / ')}${j.ours.repeatedReps ? ` (${j.ours.repeatedReps} repetition(s) measured again)` : ''} | ${j.reference.otherLoad.map((l) => fmt(l.foreignCpuPct + l.stealPct, 1)).join(' / ')}${j.reference.repeatedReps ? ` (${j.reference.repeatedReps} repetition(s) measured again)` : ''} |
| cold single join (ms) | ${j.ours.cold ? runsOf(j.ours.cold.map((r) => r.medianMs)) : 'n/a'} | n/a |
| cold storm: p50 / p99 / max (ms), CPU (ms), distinct step 2 | ${j.ours.coldStorm ? j.ours.coldStorm.map((r) => `${fmt(r.p50)} / ${fmt(r.p99)} / ${fmt(r.max)}, ${fmt(r.serverCpuMs, 0)}, ${r.distinctStep2}`).join('; ') : 'n/a'} | n/a |
`
}

async function main(): Promise<void> {
  if (process.argv.includes('--render')) {
    // Re-render docs/benchmarks.md from the last run's JSON (no measuring).
    const res = JSON.parse(readFileSync(path.join(ROOT, 'bench', 'results', 'latest.json'), 'utf8')) as AllResults
    res.editorLoad ??= readEditorLoadResult() // a separate `npx tsx bench/editorLoad.ts` run
    writeFileSync(path.join(ROOT, 'docs', 'benchmarks.md'), markdown(res))
    console.log('[bench] re-rendered docs/benchmarks.md from bench/results/latest.json')
    return
  }
  const args = parseArgs(process.argv.slice(2))
  installCleanup(10 * 60_000)
  pinSelf()
  const started = Date.now()
  const reps = args.reps ?? 3
  const fo: FanoutOptions = { ...FANOUT_DEFAULTS, reps, ...(args.quick ? { warmupMs: 1000, measureMs: 4000 } : {}) }
  const dop: DiskOptions = { ...DISK_DEFAULTS, reps, ...(args.quick ? { durationMs: 3000 } : {}) }
  const jop: JoinOptions = { ...JOIN_DEFAULTS, reps, ...(args.quick ? { historyChars: 20_000, singleJoins: 5 } : {}) }
  if (args.quick && !args.reps) fo.reps = dop.reps = jop.reps = 1
  if (args.quick) setDisturbanceBudget(20_000)

  const fanout = await runFanout(fo)
  const disk = await runDisk(dop)
  const join = await runJoin(jop)
  const kpiRecompute = runKpiRecompute()
  const kpiFanout = await runKpiFanout({ ...fo, measureMs: args.quick ? fo.measureMs : 10_000 })
  const editorLoad = await runEditorLoad({ ...EDITOR_LOAD_DEFAULTS, ...(args.quick ? { loads: 2, keystrokes: 50 } : {}) })
  const res: AllResults = {
    date: new Date().toISOString(),
    command: `npx tsx bench/run.ts${process.argv.slice(2).length ? ` ${process.argv.slice(2).join(' ')}` : ''}`,
    durationS: (Date.now() - started) / 1000,
    machine: machine(),
    disturbance: disturbanceReport(),
    fanout,
    disk: { options: dop, runs: disk },
    join,
    editorLoad,
    kpiRecompute,
    kpiFanout,
  }
  const resultsDir = path.join(ROOT, 'bench', 'results')
  mkdirSync(resultsDir, { recursive: true })
  const summary = Object.fromEntries(summarize(res).map((r) => [r.label.replace(/\*\*/g, ''), { ours: r.ours, reference: r.ref ?? null, target: r.target ?? null, pass: r.pass ?? null }]))
  const json = JSON.stringify({ ...res, summary }, null, 2)
  if (args.quick) {
    writeFileSync(path.join(resultsDir, 'quick.json'), json)
    console.log(markdown(res))
  } else {
    writeFileSync(path.join(resultsDir, 'latest.json'), json)
    mkdirSync(path.join(ROOT, 'docs'), { recursive: true })
    writeFileSync(path.join(ROOT, 'docs', 'benchmarks.md'), markdown(res))
    console.log(`[bench] wrote docs/benchmarks.md and bench/results/latest.json in ${Math.round(res.durationS)} s`)
  }
  process.exit(0)
}

await main()
