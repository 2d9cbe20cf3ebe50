/**
 * Time of diffReports between two 300-block versions of a report (target:
 * well under 200 ms): 100 metric rows, 100 action items and 100 paragraphs,
 * with every tenth row, action and paragraph edited, five actions moved to
 * another section, two paragraphs removed and one added. A second case edits
 * every paragraph and action text (more text diffs, more Myers work).
 * Median of 20 runs after 10 warm-ups; KPIs are computed once beforehand, as
 * a published version stores them. `npx tsx bench/diffReports.ts` → JSON.
 */
import { pathToFileURL } from 'node:url'
import type { JSONContent } from '@tiptap/core'
import { diffReports, type DiffInput } from '../schema/diff/diffReports'
import { action, doc, h, metric, metrics, p, section } from '../schema/docBuilder'
import { computeReportKpis } from '../schema/kpi/computeReportKpis'
import { reportSchema } from '../schema/reportSchema'
import { median } from './lib/stats'

const TEXT = '本月服务总量环比上升，主要来自国庆大促与物流直连；夜间接通率偏低，已在改进措施中安排夜班增编与语音分流。'

/** One version; `edit` 0 is the original, 1 the usual month-end edits, 2 every text edited. */
function report(edit: 0 | 1 | 2): JSONContent {
  const tenth = (i: number) => edit > 0 && i % 10 === 0
  const rows = Array.from({ length: 100 }, (_, i) =>
    metric({ id: `m${i}`, key: `k${i}`, name: `指标 ${i}`, unit: '%', current: String(tenth(i) ? 200 + i : 100 + i), previous: String(90 + i), target: String(95 + i), definition: '口径说明' }),
  )
  const acts = Array.from({ length: 100 }, (_, i) =>
    action(
      { id: `a${i}`, owner: `负责人${i % 7}`, due: '2026-11-30', status: tenth(i) ? 'done' : 'doing', carriedFrom: i % 4 === 0 ? 'r/2026-09' : null },
      edit === 2 ? `第 ${i} 项措施：优化 workflow 并每周复盘效果，负责人同步进展。` : `第 ${i} 项措施：优化流程并复盘效果。`,
    ),
  )
  let paras = Array.from({ length: 100 }, (_, i) => p(tenth(i) || edit === 2 ? `第 ${i} 段：${TEXT.replace('上升', '大幅上升').replace('语音分流', 'IVR 分流')}` : `第 ${i} 段：${TEXT}`))
  if (edit > 0) paras = [...paras.slice(0, 20), p('新增的一段说明。'), ...paras.slice(22)]
  const improvements = edit > 0 ? acts.slice(5) : acts
  const outlook = edit > 0 ? [...paras.slice(50), ...acts.slice(0, 5)] : paras.slice(50)
  return doc(
    h(1, '2026年10月 运营服务月报'),
    { ...section('data_statistics', '数据统计', metrics(...rows), ...paras.slice(0, 50)), attrs: { id: 's1', key: 'data_statistics' } },
    { ...section('improvements', '改进措施', ...improvements), attrs: { id: 's2', key: 'improvements' } },
    { ...section('summary_outlook', '总结与展望', ...outlook), attrs: { id: 's3', key: 'summary_outlook' } },
  )
}

const withKpis = (content: JSONContent): DiffInput => ({ content, kpis: computeReportKpis(reportSchema.nodeFromJSON(content), '2026-10', 'zh-CN') })

export interface DiffBenchResult {
  blocks: number
  runs: number
  medianMs: number
  changes: number
  allTextEditedMedianMs: number
  allTextEditedChanges: number
  targetMs: number
  pass: boolean
}

function time(before: DiffInput, after: DiffInput): { ms: number; changes: number } {
  let changes = 0
  for (let i = 0; i < 10; i++) changes = diffReports(before, after, 'zh-CN').changes.length
  const times: number[] = []
  for (let i = 0; i < 20; i++) {
    const t = performance.now()
    diffReports(before, after, 'zh-CN')
    times.push(performance.now() - t)
  }
  return { ms: Number(median(times).toFixed(2)), changes }
}

export function runDiffReports(): DiffBenchResult {
  const original = withKpis(report(0))
  const usual = time(original, withKpis(report(1)))
  const heavy = time(original, withKpis(report(2)))
  return {
    blocks: 300,
    runs: 20,
    medianMs: usual.ms,
    changes: usual.changes,
    allTextEditedMedianMs: heavy.ms,
    allTextEditedChanges: heavy.changes,
    targetMs: 200,
    pass: Math.max(usual.ms, heavy.ms) < 200,
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(runDiffReports()))
  process.exit(0)
}
