/**
 * Fan-out with the server's KPI recompute on vs off (issue 4: the room's
 * p99 with KPI recompute on stays within 10 % of the figure without it).
 * Same scenario as bench/fanout.ts (50 clients, 10 typing 5 chars/s,
 * cursors on) on a template report with KPI blocks and a trend chart;
 * `ours-nokpi` starts the same server with KPI_RECOMPUTE=off. The two
 * alternate, so drift on the machine hits both. Medians of `reps`.
 *
 *   npx tsx bench/kpiFanout.ts [--quick] [--reps N]   → JSON on stdout
 */
import { isMain, parseArgs } from './lib/args'
import { FANOUT_DEFAULTS, fanoutOnce, type FanoutOptions, type FanoutRun } from './fanout'
import { installCleanup, machine, pinSelf, waitForQuiet } from './lib/proc'
import { medianOf, round } from './lib/stats'

export interface KpiFanoutResult {
  options: FanoutOptions
  on: FanoutRun[]
  off: FanoutRun[]
  p99On: number
  p99Off: number
  /** p99 on / p99 off. */
  ratio: number
  /** The bound: within 10 %. */
  pass: boolean
}

export async function runKpiFanout(o: FanoutOptions, log = console.log): Promise<KpiFanoutResult> {
  const on: FanoutRun[] = []
  const off: FanoutRun[] = []
  for (let rep = 1; rep <= o.reps; rep++) {
    for (const kind of ['ours', 'ours-nokpi'] as const) {
      await waitForQuiet(undefined, log)
      const run = await fanoutOnce(kind, o)
      ;(kind === 'ours' ? on : off).push(run)
      log(`[kpi-fanout] rep ${rep} KPI ${kind === 'ours' ? 'on ' : 'off'}  p50 ${run.latency.p50} ms  p99 ${run.latency.p99} ms  cpu/update ${run.cpuPerUpdateUs} µs`)
    }
  }
  const p99On = medianOf(on, (r) => r.latency.p99)
  const p99Off = medianOf(off, (r) => r.latency.p99)
  const ratio = round(p99On / p99Off, 3)
  return { options: o, on, off, p99On, p99Off, ratio, pass: ratio <= 1.1 }
}

if (isMain(import.meta.url)) {
  installCleanup(10 * 60_000)
  pinSelf()
  const args = parseArgs(process.argv.slice(2))
  const o: FanoutOptions = {
    ...FANOUT_DEFAULTS,
    measureMs: 10_000,
    ...(args.quick ? { measureMs: 4000, warmupMs: 1000, reps: 1 } : {}),
    ...(args.reps ? { reps: args.reps } : {}),
  }
  const result = await runKpiFanout(o)
  console.log(JSON.stringify({ machine: machine(), kpiFanout: { ...result, on: undefined, off: undefined } }, null, 2))
  process.exit(0)
}
