import { describe, expect, it } from 'vitest'
import { action, doc, feedback, goal, issue, metric, metrics, section } from '../docBuilder'
import { reportSchema } from '../reportSchema'
import { computeReportKpis, type KpiValue } from './computeReportKpis'

const build = (...sections: ReturnType<typeof section>[]) => reportSchema.nodeFromJSON(doc(...sections))
const byKey = (values: KpiValue[]) => Object.fromEntries(values.map((v) => [v.key, v]))

describe('computeReportKpis', () => {
  const report = build(
    section(
      'data_statistics',
      '数据统计',
      metrics(
        metric({ id: 'm1', key: 'fcr', name: '一次解决率', current: '92.1', previous: '90.3', target: '92', direction: 'higher' }),
        metric({ id: 'm2', key: 'first_response', name: '首次响应', current: '18', previous: '24', target: '20', direction: 'lower' }),
        metric({ id: 'm3', key: 'csat', name: '满意度', current: '4.52', previous: '0', target: '4.55', direction: 'higher' }),
        metric({ id: 'm4', key: 'broken', name: '坏数据', current: 'abc', previous: '1' }),
      ),
    ),
    section('financials', '财务概况', metrics(metric({ id: 'r', key: 'revenue', current: '612' }), metric({ id: 'c', key: 'cost', current: '496' }))),
    section(
      'problem_analysis',
      '问题分析',
      issue({ id: 'i1', severity: 'high', status: 'resolved' }),
      issue({ id: 'i2', severity: 'medium', status: 'open' }),
      issue({ id: 'i3', severity: 'low', status: 'open' }),
    ),
    section(
      'improvements',
      '改进措施',
      action({ id: 'a1', status: 'done' }),
      action({ id: 'a2', status: 'doing' }),
      action({ id: 'a3', status: 'done', carriedFrom: 'east-cs/2026-09' }),
    ),
    section(
      'goals',
      '目标设定',
      goal({ id: 'g1', metricKey: 'fcr', baseline: '92.1', target: '93.5', direction: 'higher', deadline: '2026-11-30', owner: '王磊' }),
      goal({ id: 'g2', metricKey: 'first_response', baseline: '18', target: '20', direction: 'lower', deadline: '2026-11-30', owner: '陈静' }),
    ),
    section(
      'customer_feedback',
      '客户反馈',
      feedback({ id: 'f', responses: '8420', csat: '4.52', promoters: '4630', passives: '2610', detractors: '1180', complaints: '1236', complaintsResolved: '1198' }, []),
    ),
  )
  const kpis = byKey(computeReportKpis(report, '2026-10', 'zh-CN'))

  it('computes per-row MoM and attainment, inverted when lower is better, with provenance', () => {
    expect(kpis['metric.fcr.mom']!.display).toBe('+2.0%')
    expect(kpis['metric.fcr.mom']!.inputs).toEqual([
      { blockId: 'm1', field: 'current', value: '92.1' },
      { blockId: 'm1', field: 'previous', value: '90.3' },
    ])
    expect(kpis['metric.first_response.mom']!.display).toBe('-25.0%')
    expect(kpis['metric.first_response.attainment']!.value).toBeCloseTo(20 / 18)
    expect(kpis['metric.first_response.attainment']!.formula).toContain('lower is better')
    expect(kpis['metric.fcr.mom']!.period).toBe('2026-10')
  })

  it('gives "—" with a reason for zero, missing and non-numeric inputs, never NaN or Infinity', () => {
    expect(kpis['metric.csat.mom']).toMatchObject({ value: null, reason: 'zero_divisor', display: '—' })
    expect(kpis['metric.broken.mom']).toMatchObject({ value: null, reason: 'not_a_number', display: '—' })
    expect(kpis['metric.broken.attainment']).toMatchObject({ value: null, reason: 'no_target' })
    for (const v of Object.values(kpis)) if (v.value !== null) expect(Number.isFinite(v.value)).toBe(true)
  })

  it('summarises metrics, issues, actions (own and carried over), goals, feedback and margin', () => {
    expect(kpis['summary.metricsMet']!.display).toBe('2 / 3') // fcr met, first_response met, csat missed
    expect(kpis['summary.issuesBySeverity']!.display).toBe('0 / 1 / 1 / 1')
    expect(kpis['summary.issueResolution']!.display).toBe('1 / 3')
    expect(kpis['summary.actionCompletion']!.display).toBe('1 / 2')
    expect(kpis['summary.carriedCompletion']!.display).toBe('1 / 1')
    expect(kpis['summary.smartGoals']!.display).toBe('1 / 2') // g2's target is worse than its baseline
    expect(kpis['summary.nps']!.value).toBeCloseTo(40.97, 2)
    expect(kpis['summary.csat']!.value).toBe(4.52)
    expect(kpis['summary.complaintResolution']!.display).toBe('96.9%')
    expect(kpis['summary.grossMargin']!.display).toBe('19.0%')
  })

  it('answers an empty report without failing', () => {
    const empty = byKey(computeReportKpis(build(section('highlights', '重要事件回顾')), '2026-11', 'en'))
    expect(empty['summary.metricsMet']).toMatchObject({ value: null, reason: 'zero_divisor' })
    expect(empty['summary.nps']).toMatchObject({ value: null, reason: 'missing', label: 'NPS' })
    expect(empty['summary.grossMargin']).toBeUndefined()
  })
})
