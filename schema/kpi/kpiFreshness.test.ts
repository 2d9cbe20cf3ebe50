import { describe, expect, it } from 'vitest'
import { doc, kpi, metric, metrics, section } from '../docBuilder'
import { reportSchema } from '../reportSchema'
import { computeReportKpis } from './computeReportKpis'
import { kpiFreshness, kpiStale } from './kpiFreshness'
import { parseKpiValues } from './parseKpiValues'
import { kpiScopePrefix } from '../blocks/kpiBlock/kpiScopePrefix'

const report = (current: string) =>
  reportSchema.nodeFromJSON(doc(section('data_statistics', '数据统计', metrics(metric({ key: 'fcr', current, previous: '90', target: '92' })), kpi())))
/** What the server writes into a block of `scope` (server/kpi/kpiRecompute.ts). */
const serverValues = (current: string, scope = 'summary') =>
  JSON.stringify(
    computeReportKpis(report(current), '2026-10', 'zh-CN')
      .filter((v) => v.key.startsWith(kpiScopePrefix(scope)))
      .map((v) => ({ ...v, computedAt: '2026-10-31T08:00:00.000Z' })),
  )

describe('kpiFreshness', () => {
  const computed = (current: string, locale: 'zh-CN' | 'en' = 'zh-CN') => computeReportKpis(report(current), '2026-10', locale)

  it('is fresh when the stored figures match the document, stale once an input changed', () => {
    expect(kpiFreshness(computed('93'), 'summary', serverValues('93'))).toBe('fresh')
    expect(kpiFreshness(computed('80'), 'summary', serverValues('93'))).toBe('stale')
  })

  it('compares the figures, not the labels: a report in English is still fresh', () => {
    expect(kpiFreshness(computed('93', 'en'), 'summary', serverValues('93'))).toBe('fresh')
  })

  it('compares only the block’s scope', () => {
    expect(kpiFreshness(computed('93'), 'fcr', serverValues('93', 'fcr'))).toBe('fresh')
    expect(kpiFreshness(computed('95'), 'fcr', serverValues('93', 'fcr'))).toBe('stale')
    expect(kpiFreshness(computed('93'), null, serverValues('93'))).toBe('fresh')
  })

  it('is stale when values are missing or extra', () => {
    const stored = JSON.parse(serverValues('93')) as unknown[]
    expect(kpiFreshness(computed('93'), 'summary', JSON.stringify(stored.slice(1)))).toBe('stale')
    expect(kpiFreshness(computed('93'), 'summary', JSON.stringify([...stored, { key: 'summary.old', display: '1' }]))).toBe('stale')
  })

  it('is not_computed without values or with values that are not the server’s array', () => {
    for (const raw of [null, undefined, '', '{"a":1}', '{broken']) expect(kpiFreshness(computed('93'), 'summary', raw)).toBe('not_computed')
  })
})

describe('kpiStale (the editor’s badge)', () => {
  it('is true only for computed values behind the document, false while pending', () => {
    expect(kpiStale(report('93'), '2026-10', 'zh-CN', 'summary', serverValues('93'))).toBe(false)
    expect(kpiStale(report('80'), '2026-10', 'zh-CN', 'summary', serverValues('93'))).toBe(true)
    expect(kpiStale(report('80'), '2026-10', 'zh-CN', 'summary', null)).toBe(false)
  })
})

describe('parseKpiValues', () => {
  it('reads the server’s entries with their provenance', () => {
    const [first] = parseKpiValues(serverValues('93'))!
    expect(first).toMatchObject({ key: 'summary.metricsMet', display: '1 / 1', period: '2026-10', computedAt: '2026-10-31T08:00:00.000Z' })
    expect(first!.inputs).toEqual(['current = 93', 'target = 92'])
  })
})
