import { describe, expect, it } from 'vitest'
import { doc, kpi, p, section, trend } from '../docBuilder'
import { freezeServerValues } from './freezeServerValues'

describe('freezeServerValues', () => {
  it('publishes a trend chart’s draft point as the version and shares every other node', () => {
    const series = { metricKey: 'fcr', name: 'FCR', unit: '%', points: [{ period: '2026-10', value: 90, display: '90', draft: true, version: null }] }
    const kpiCard = kpi({ values: '[]' })
    const body = doc(section('data_statistics', '数据统计', trend({ metricKey: 'fcr', series: JSON.stringify(series) }), kpiCard, p('x')))
    const frozen = freezeServerValues(body, '1.1')
    const chart = frozen.content![0]!.content![1]!
    expect(JSON.parse(chart.attrs!.series as string).points).toEqual([{ ...series.points[0], draft: false, version: '1.1' }])
    expect(frozen.content![0]!.content![2]).toBe(kpiCard)
    expect(JSON.parse(body.content![0]!.content![1]!.attrs!.series as string).points[0].draft).toBe(true)
    expect(freezeServerValues(frozen, '1.2')).toBe(frozen)
  })
})
