/**
 * The published history of each series, for trend charts: per series and
 * period, the metric rows of the latest published version. Read from the
 * version files once at boot and kept up to date on every publish, so the
 * KPI recompute can draw trends synchronously, without reading files.
 */
import type { JSONContent } from '@tiptap/core'
import { parseNumber } from '@schema/kpi/parseNumber'
import type { TrendPoint } from '@schema/trend/TrendSeries'
import type { PublishedVersion } from '@schema/versions/PublishedVersion'
import type { MetaStore } from '../meta/MetaStore'
import type { VersionStore } from './VersionStore'
import { attrString } from '@schema/nodes/readAttribute'

interface PeriodEntry {
  reportId: string
  version: string
  publishedAt: string
  metrics: Map<string, { current: string | null; name: string | null; unit: string | null }>
}

function metricRows(content: JSONContent): PeriodEntry['metrics'] {
  const out: PeriodEntry['metrics'] = new Map()
  const visit = (n: JSONContent) => {
    const a = n.attrs as Record<string, unknown> | undefined
    if (n.type === 'metricRow' && typeof a?.key === 'string' && a.key && !out.has(a.key)) {
      out.set(a.key, { current: attrString(a.current), name: attrString(a.name), unit: attrString(a.unit) })
    }
    n.content?.forEach(visit)
  }
  visit(content)
  return out
}

export class SeriesHistory {
  /** series → period → the latest published version of that period. */
  private readonly series = new Map<string, Map<string, PeriodEntry>>()

  static async load(meta: MetaStore, versions: VersionStore): Promise<SeriesHistory> {
    const history = new SeriesHistory()
    for (const report of meta.data.reports) {
      const latest = await versions.latest(report.id)
      if (latest) history.record(latest)
    }
    return history
  }

  /** Adds a newly published version (it replaces an older one of the same period). */
  record(v: PublishedVersion): void {
    let periods = this.series.get(v.series)
    if (!periods) this.series.set(v.series, (periods = new Map()))
    const existing = periods.get(v.period)
    if (existing && existing.publishedAt > v.publishedAt) return
    periods.set(v.period, { reportId: v.reportId, version: v.version, publishedAt: v.publishedAt, metrics: metricRows(v.content) })
  }

  /** Published points of one metric before `period`, oldest first, at most `months`. */
  points(series: string, period: string, metricKey: string, months: number): { points: TrendPoint[]; name: string | null; unit: string | null } {
    const periods = this.series.get(series)
    if (!periods) return { points: [], name: null, unit: null }
    const earlier = [...periods.keys()].filter((p) => p < period).sort().slice(-months)
    let name: string | null = null
    let unit: string | null = null
    const points = earlier.flatMap((p): TrendPoint[] => {
      const entry = periods.get(p)!
      const row = entry.metrics.get(metricKey)
      if (!row) return []
      name = row.name ?? name
      unit = row.unit ?? unit
      const parsed = parseNumber(row.current)
      return [{ period: p, value: parsed.ok ? parsed.value : null, display: row.current ?? '—', draft: false, version: entry.version }]
    })
    return { points, name, unit }
  }

  /** The latest published version of `period` in `series`, if any. */
  published(series: string, period: string): { reportId: string; version: string } | undefined {
    const entry = this.series.get(series)?.get(period)
    return entry && { reportId: entry.reportId, version: entry.version }
  }
}
