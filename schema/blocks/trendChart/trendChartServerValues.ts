import { parseNumber } from '../../kpi/parseNumber'
import { freezeTrendSeries } from '../../trend/freezeTrendSeries'
import type { TrendSeries } from '../../trend/TrendSeries'
import { parseTrendSeries } from '../../trend/trendSvg'
import type { BlockServerValues } from '../BlockServerValues'

/**
 * A trend chart holds its metric's series: the published history of the
 * report's series plus this draft's own value, marked as draft, which the
 * published version keeps as a point of that version (never "本期草稿").
 */
export const trendChartServerValues: BlockServerValues = {
  attribute: 'series',
  compute(attr, report) {
    const metricKey = attr('metricKey') ?? ''
    const months = Math.max(1, Math.min(24, Number.parseInt(attr('months') ?? '', 10) || 6))
    const past = metricKey ? report.history(metricKey, months) : { points: [], name: null, unit: null }
    const row = metricKey ? report.index().metricsByKey.get(metricKey) : undefined
    const points = [...past.points]
    if (row) {
      const current = row.current || null
      const parsed = parseNumber(current)
      points.push({ period: report.period, value: parsed.ok ? parsed.value : null, display: current ?? '—', draft: true, version: null })
    }
    const series: TrendSeries = {
      metricKey,
      name: row?.name || past.name || metricKey,
      unit: row?.unit || (past.unit ?? ''),
      points,
    }
    return { series: JSON.stringify(series) }
  },
  frozen(stored, version) {
    const parsed = parseTrendSeries(stored)
    return parsed && parsed.points.some((p) => p.draft) ? JSON.stringify(freezeTrendSeries(parsed, version)) : null
  },
}
