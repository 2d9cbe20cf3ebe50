import type { JSONContent } from '@tiptap/core'
import type { RenderContext } from '../../export/renderContext'
import { titleOf } from '../../export/blockLabelText'
import type { ExportLabels } from '../../export/exportLabels'
import { attrText } from '../../export/reportJson'
import { freezeTrendSeries } from '../../trend/freezeTrendSeries'
import type { TrendSeries } from '../../trend/TrendSeries'
import { parseTrendSeries } from '../../trend/trendSvg'
import { trendChartLabels } from './trendChartLabels'

/**
 * A trend block's series, or an empty one named after its metric when the
 * server wrote none (yet). In a published version the report's own point is
 * published as that version (also for versions frozen before publishing did so).
 */
export function trendSeriesOf(node: JSONContent, ctx: RenderContext): TrendSeries {
  const parsed = parseTrendSeries(node.attrs?.series)
  const key = attrText(node, 'metricKey') || parsed?.metricKey || ''
  const metric = ctx.index.metricsByKey.get(key)
  const series = {
    metricKey: key,
    name: parsed?.name || metric?.name || key,
    unit: parsed?.unit || metric?.unit || '',
    points: parsed?.points ?? [],
  }
  return ctx.input.version ? freezeTrendSeries(series, ctx.input.version) : series
}

/** "一次解决率（%）" / "First-contact resolution (%)". */
export function trendTitle(series: TrendSeries, labels: ExportLabels): string {
  const name = series.name || series.metricKey || titleOf(trendChartLabels, labels)
  if (!series.unit) return name
  return labels.locale === 'zh-CN' ? `${name}（${series.unit}）` : `${name} (${series.unit})`
}
