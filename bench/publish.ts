/**
 * Check + publish of a 300-block report through the REST API of our real
 * server (issue target ≤ 200 ms): the demo report (which passes the check)
 * grown to 300 blocks with valid metric rows, actions and paragraphs. Each
 * round: POST /check, POST /publish (check again, freeze: canonical JSON,
 * KPIs, HTML, Yjs state, sha256, fsynced file, metadata), then unlock for
 * the next round. Medians of `rounds`.
 *
 *   npx tsx bench/publish.ts [--quick]   → JSON on stdout
 */
import { performance } from 'node:perf_hooks'
import type { JSONContent } from '@tiptap/core'
import { action, metric, p } from '../schema/docBuilder'
import { publishableReport } from '../test/helpers/publishableReport'
import { Api } from '../test/helpers/api'
import { isMain, parseArgs } from './lib/args'
import { startServer } from '../test/helpers/startServer'
import { installCleanup, machine, pin, pinSelf, track, trackDir } from './lib/proc'
import { median, round } from './lib/stats'

export interface PublishBenchResult {
  blocks: number
  rounds: number
  checkMs: number
  publishMs: number
  /** check + publish, the figure. */
  totalMs: number
  targetMs: number
  pass: boolean
}

const countBlocks = (n: JSONContent): number =>
  (typeof n.attrs?.id === 'string' ? 1 : 0) + (n.content ?? []).reduce((sum, c) => sum + countBlocks(c), 0) + (n.type === 'paragraph' ? 1 : 0)

/** The demo report plus valid rows, actions and paragraphs up to `target` blocks. */
export function bigPublishableReport(target = 300): JSONContent {
  const body = publishableReport('2026-10')
  const section = (key: string) => body.content!.find((n) => n.attrs?.key === key)!
  const table = section('data_statistics').content!.find((n) => n.type === 'metricsTable')!
  let i = 0
  while (countBlocks(body) < target) {
    const k = i++ % 3
    if (k === 0) table.content!.push(metric({ key: `extra_${i}`, name: `补充指标 ${i}`, unit: '%', current: String(80 + (i % 17)), previous: String(78 + (i % 13)), target: '85', direction: 'higher', definition: '补充口径' }))
    else if (k === 1) section('improvements').content!.push(action({ owner: '王磊', due: '2026-11-20', status: 'todo' }, `补充措施 ${i}：每周复盘并同步知识库。`))
    else section('highlights').content!.push(p(`补充事件 ${i}：渠道活动上线，咨询量环比上升。`))
  }
  return body
}

export async function runPublishBench(rounds = 8, log = console.log): Promise<PublishBenchResult> {
  const server = await startServer({ env: { SEED_DEMO: 'false' } })
  track(server.proc)
  trackDir(server.dataDir)
  pin(server.proc.pid!, 0)
  try {
    const api = await Api.login(server.url)
    const id = await api.createReport('发布基准', '2026-10')
    const body = bigPublishableReport()
    const put = await api.call('PUT', `/api/reports/${id}/content`, body)
    if (put.status !== 200) throw new Error(`content: ${put.status} ${JSON.stringify(put.body)}`)
    const checks: number[] = []
    const publishes: number[] = []
    for (let r = 0; r < rounds + 2; r++) {
      let t = performance.now()
      const check = await api.call('POST', `/api/reports/${id}/check`)
      const checkMs = performance.now() - t
      if (!check.body.ok) throw new Error(`check failed: ${JSON.stringify(check.body.problems.slice(0, 3))}`)
      t = performance.now()
      const pub = await api.call('POST', `/api/reports/${id}/publish`, {})
      const publishMs = performance.now() - t
      if (pub.status !== 201) throw new Error(`publish: ${pub.status} ${JSON.stringify(pub.body).slice(0, 300)}`)
      if (r >= 2) {
        checks.push(checkMs)
        publishes.push(publishMs)
      }
      log(`[publish] round ${r} check ${round(checkMs, 1)} ms, publish v${pub.body.version} ${round(publishMs, 1)} ms${r < 2 ? ' (warm-up)' : ''}`)
      const unlock = await api.call('POST', `/api/reports/${id}/unlock`, { reason: 'benchmark round' })
      if (unlock.status !== 200) throw new Error(`unlock: ${unlock.status}`)
    }
    const totals = checks.map((c, i) => c + publishes[i]!)
    const totalMs = round(median(totals), 1)
    return { blocks: countBlocks(body), rounds, checkMs: round(median(checks), 1), publishMs: round(median(publishes), 1), totalMs, targetMs: 200, pass: totalMs <= 200 }
  } finally {
    await server.stop()
  }
}

if (isMain(import.meta.url)) {
  installCleanup(5 * 60_000)
  pinSelf()
  const args = parseArgs(process.argv.slice(2))
  const result = await runPublishBench(args.quick ? 3 : 8)
  console.log(JSON.stringify({ machine: machine(), publish: result }, null, 2))
  process.exit(0)
}
