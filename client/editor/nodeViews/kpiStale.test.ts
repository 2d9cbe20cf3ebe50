import { describe, expect, it } from 'vitest'
import { doc, kpi, metric, metrics, section } from '@schema/docBuilder'
import { computeReportKpis } from '@schema/kpi/computeReportKpis'
import { reportSchema } from '@schema/reportSchema'
import { kpiStale } from './kpiStale'

const report = (current: string) =>
  reportSchema.nodeFromJSON(
    doc(section('data_statistics', '数据统计', metrics(metric({ key: 'fcr', current, previous: '90', target: '92' })), kpi())),
  )
const serverValues = (current: string) =>
  JSON.stringify(computeReportKpis(report(current), '2026-10', 'zh-CN').filter((v) => v.key.startsWith('summary.')))

describe('kpiStale', () => {
  it('is false when the stored values match the document, true once an input changed', () => {
    expect(kpiStale(report('93'), '2026-10', 'zh-CN', 'summary', serverValues('93'))).toBe(false)
    expect(kpiStale(report('80'), '2026-10', 'zh-CN', 'summary', serverValues('93'))).toBe(true)
  })
  it('is false while nothing has been computed yet (pending, not stale)', () => {
    expect(kpiStale(report('80'), '2026-10', 'zh-CN', 'summary', null)).toBe(false)
  })
})
