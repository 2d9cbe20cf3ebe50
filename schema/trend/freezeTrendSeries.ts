/**
 * A published version's trend charts: the report's own point (the draft's
 * value while it was a draft) becomes a published point of that version, so
 * the frozen chart shows the published series, never "本期草稿".
 */
import type { TrendSeries } from './TrendSeries'

/** The series with every draft point marked published as `version`. */
export function freezeTrendSeries(series: TrendSeries, version: string): TrendSeries {
  if (!series.points.some((p) => p.draft)) return series
  return { ...series, points: series.points.map((p) => (p.draft ? { ...p, draft: false, version } : p)) }
}
