/**
 * Fan-out with the server's KPI recompute on vs off (issue 4: the room's
 * p99 with KPI recompute on stays within 10 % of the figure without it):
 * the headline fan-out of bench/fanout.ts (50 clients, 10 typing 5 chars/s,
 * cursors on) on ours and on ours with KPI_RECOMPUTE=off, taking turns.
 * `npm run bench` measures the same pair inside the fan-out scenario.
 *
 *   npx tsx bench/kpiFanout.ts [--quick] [--reps N]   → JSON on stdout
 */
import { isMain } from './lib/args'
import { runScenarioCommand } from './lib/scenarioCommand'
import { FANOUT_DEFAULTS, FANOUT_QUICK, fanoutMedian, runFanout, type FanoutOptions } from './fanout'
import { round } from './lib/stats'

export interface KpiFanoutResult {
  p99On: number
  p99Off: number
  /** p99 on / p99 off. */
  ratio: number
  /** The bound: within 10 %. */
  pass: boolean
}

export async function runKpiFanout(o: FanoutOptions, log = console.log): Promise<KpiFanoutResult> {
  const res = await runFanout({ ...o, ladder: [o.headline], kinds: ['ours'], headlineExtra: ['ours-nokpi'] }, log)
  const p99On = fanoutMedian(res, o.headline, 'ours', (r) => r.latency.p99)
  const p99Off = fanoutMedian(res, o.headline, 'ours-nokpi', (r) => r.latency.p99)
  const ratio = round(p99On / p99Off, 3)
  return { p99On, p99Off, ratio, pass: ratio <= 1.1 }
}

if (isMain(import.meta.url)) await runScenarioCommand('kpiFanout', { defaults: FANOUT_DEFAULTS, quick: FANOUT_QUICK, reps: true }, runKpiFanout)
