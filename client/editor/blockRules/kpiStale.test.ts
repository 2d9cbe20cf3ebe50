import { describe, expect, it } from 'vitest'
import { doc, kpi, metric, metrics, p, section } from '@schema/docBuilder'
import { computeReportKpis } from '@schema/kpi/computeReportKpis'
import { reportSchema } from '@schema/reportSchema'
import { documentKpis, kpiStale } from './kpiStale'

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

describe('documentKpis', () => {
  const build = (current: string, text: string) =>
    reportSchema.nodeFromJSON(
      doc(section('data_statistics', '数据统计', metrics(metric({ id: 'row-fcr', key: 'fcr', current, previous: '90', target: '92' })), kpi(), p(text))),
    )

  it('computes the same figures as computeReportKpis', () => {
    const d = build('93', 'a')
    expect(documentKpis(d, '2026-10', 'zh-CN')).toEqual(computeReportKpis(d, '2026-10', 'zh-CN'))
  })

  it('keeps the same figures (same array) while only text changes: a keystroke does not run the formulas', () => {
    const first = documentKpis(build('93', 'a'), '2026-10', 'zh-CN')
    const typed = documentKpis(build('93', 'ab'), '2026-10', 'zh-CN')
    expect(typed).toBe(first)
  })

  it('recomputes once an input attribute changes, and per period and locale', () => {
    const before = documentKpis(build('93', 'a'), '2026-10', 'zh-CN')
    const changed = build('80', 'a')
    const after = documentKpis(changed, '2026-10', 'zh-CN')
    expect(after).not.toBe(before)
    expect(after).toEqual(computeReportKpis(changed, '2026-10', 'zh-CN'))
    expect(documentKpis(changed, '2026-10', 'en')).toEqual(computeReportKpis(changed, '2026-10', 'en'))
    expect(documentKpis(changed, '2026-11', 'zh-CN')).toEqual(computeReportKpis(changed, '2026-11', 'zh-CN'))
  })

  it('a stale badge follows an attribute changed back and forth', () => {
    const stored = serverValues('93')
    expect(kpiStale(build('93', 'x'), '2026-10', 'zh-CN', 'summary', stored)).toBe(false)
    expect(kpiStale(build('80', 'x'), '2026-10', 'zh-CN', 'summary', stored)).toBe(true)
    expect(kpiStale(build('80', 'xy'), '2026-10', 'zh-CN', 'summary', stored)).toBe(true)
    expect(kpiStale(build('93', 'xy'), '2026-10', 'zh-CN', 'summary', stored)).toBe(false)
  })
})
