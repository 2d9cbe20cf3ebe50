/**
 * A published version's trend charts: the report's own point (the draft's
 * value while it was a draft) becomes a published point of that version, so
 * the frozen chart shows the published series, never "本期草稿".
 */
import type { JSONContent } from '@tiptap/core'
import type { TrendSeries } from './TrendSeries'
import { parseTrendSeries } from './trendSvg'

/** The series with every draft point marked published as `version`. */
export function freezeTrendSeries(series: TrendSeries, version: string): TrendSeries {
  if (!series.points.some((p) => p.draft)) return series
  return { ...series, points: series.points.map((p) => (p.draft ? { ...p, draft: false, version } : p)) }
}

/** A copy of the content whose trend charts' series are frozen as `version`; other nodes are shared, not copied. */
export function freezeTrendCharts<T extends JSONContent>(content: T, version: string): T {
  const visit = (node: JSONContent): JSONContent => {
    let next = node
    if (node.type === 'trendChart') {
      const parsed = parseTrendSeries(node.attrs?.series)
      if (parsed && parsed.points.some((p) => p.draft)) {
        next = { ...node, attrs: { ...node.attrs, series: JSON.stringify(freezeTrendSeries(parsed, version)) } }
      }
    }
    if (!node.content) return next
    const children = node.content.map(visit)
    return children.some((c, i) => c !== node.content![i]) ? { ...next, content: children } : next
  }
  return visit(content) as T
}
