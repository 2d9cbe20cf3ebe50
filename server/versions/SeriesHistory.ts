/**
 * The published history of each series, for trend charts and carry-over:
 * per series, period and report, the metric rows of the report's latest
 * published version, read on behalf of a reader (only reports it may read
 * count; see reports/seriesAccess.ts). Read from the
 * version store once at boot and kept up to date on every publish, in any
 * process (it follows VersionStore.onPublished), so the KPI recompute can
 * draw trends synchronously, without reading storage.
 */
import type { JSONContent } from '@tiptap/core'
import { parseNumber } from '@schema/kpi/parseNumber'
import type { TrendPoint } from '@schema/trend/TrendSeries'
import type { PublishedVersion } from '@schema/versions/PublishedVersion'
import type { MetaStore } from '../meta/MetaStore'
import { VersionDamagedError, type VersionStore } from './VersionStore'
import { SchemaVersionError } from '@schema/document/migrateDocument'
import { indexDoc } from '@schema/docIndex/indexDoc'
import { reportSchema } from '@schema/reportSchema'

interface PeriodEntry {
  reportId: string
  version: string
  publishedAt: string
  metrics: Map<string, { current: string | null; name: string | null; unit: string | null }>
}

/**
 * The metrics of a published version by key (the first row of a key), as its
 * index lists them; none when this schema cannot read the version (it then
 * adds no trend point, as a damaged one).
 */
function metricRows(content: JSONContent): PeriodEntry['metrics'] {
  const out: PeriodEntry['metrics'] = new Map()
  let doc
  try {
    doc = reportSchema.nodeFromJSON(content)
  } catch (err) {
    console.warn(`[versions] a published version's metrics are unreadable: ${(err as Error).message.slice(0, 200)}`)
    return out
  }
  for (const m of indexDoc(doc).metrics) {
    if (!out.has(m.key)) out.set(m.key, { current: m.current || null, name: m.name || null, unit: m.unit || null })
  }
  return out
}

/** Whether the reader a history is read for may read a report (see reports/seriesAccess.ts). */
export type MayRead = (reportId: string) => boolean

export class SeriesHistory {
  /**
   * series → period → report → the latest published version of that report.
   * One report per period is published since publishing a second answers
   * 409 (reports/seriesAccess.ts), but data from before may hold several.
   */
  private readonly series = new Map<string, Map<string, Map<string, PeriodEntry>>>()

  /**
   * The history of every report's latest version, following the store from
   * then on: a version published through this process or another one is
   * recorded as soon as the store tells of it. It subscribes before reading,
   * so a version published meanwhile is not missed (recording one twice is
   * harmless).
   */
  static async load(meta: MetaStore, versions: VersionStore): Promise<SeriesHistory> {
    const history = new SeriesHistory()
    history.follow(versions)
    for (const report of meta.data.reports) {
      const label = (await versions.labels(report.id)).at(-1)
      if (!label) continue
      try {
        const latest = await versions.get(report.id, label)
        if (latest) history.record(latest)
      } catch (err) {
        if (!(err instanceof VersionDamagedError) && !(err instanceof SchemaVersionError)) throw err
        console.error(`[versions] report ${report.id} v${label} is not read: ${(err as Error).message}`)
        // The month stays this version's: no trend point, and carrying over
        // from it answers 500 until the file is restored; never an older
        // version, or "no published report", in its place.
        history.put(report.series, report.period, { reportId: report.id, version: label, publishedAt: report.published?.publishedAt ?? '', metrics: new Map() })
      }
    }
    return history
  }

  /** Records every version `versions` tells of from now on (see load); answers a function that stops it. */
  follow(versions: Pick<VersionStore, 'onPublished'>): () => void {
    return versions.onPublished((v) => this.record(v))
  }

  /** Adds a newly published version (it replaces an older one of the same report). */
  record(v: PublishedVersion): void {
    this.put(v.series, v.period, { reportId: v.reportId, version: v.version, publishedAt: v.publishedAt, metrics: metricRows(v.content) })
  }

  private put(series: string, period: string, entry: PeriodEntry): void {
    let periods = this.series.get(series)
    if (!periods) this.series.set(series, (periods = new Map()))
    let reports = periods.get(period)
    if (!reports) periods.set(period, (reports = new Map()))
    const existing = reports.get(entry.reportId)
    if (existing && existing.publishedAt > entry.publishedAt) return
    reports.set(entry.reportId, entry)
  }

  /**
   * The version of `period` the reader sees: of the published reports of
   * that period it may read, the latest published. Reports it may not read
   * are never looked at, so another team cannot take a period's place.
   */
  private entry(series: string, period: string, mayRead: MayRead): PeriodEntry | undefined {
    let found: PeriodEntry | undefined
    for (const entry of this.series.get(series)?.get(period)?.values() ?? []) {
      if ((!found || entry.publishedAt > found.publishedAt) && mayRead(entry.reportId)) found = entry
    }
    return found
  }

  /** Published points of one metric before `period` that the reader may read, oldest first, at most `months`. */
  points(
    series: string,
    period: string,
    metricKey: string,
    months: number,
    mayRead: MayRead,
  ): { points: TrendPoint[]; name: string | null; unit: string | null } {
    const periods = this.series.get(series)
    if (!periods) return { points: [], name: null, unit: null }
    const earlier = [...periods.keys()]
      .filter((p) => p < period)
      .sort()
      .flatMap((p) => {
        const entry = this.entry(series, p, mayRead)
        return entry ? [[p, entry] as const] : []
      })
      .slice(-months)
    let name: string | null = null
    let unit: string | null = null
    const points = earlier.flatMap(([p, entry]): TrendPoint[] => {
      const row = entry.metrics.get(metricKey)
      if (!row) return []
      name = row.name ?? name
      unit = row.unit ?? unit
      const parsed = parseNumber(row.current)
      return [{ period: p, value: parsed.ok ? parsed.value : null, display: row.current ?? '—', draft: false, version: entry.version }]
    })
    return { points, name, unit }
  }

  /** The latest published version of `period` in `series` that the reader may read, if any. */
  published(series: string, period: string, mayRead: MayRead): { reportId: string; version: string } | undefined {
    const entry = this.entry(series, period, mayRead)
    return entry && { reportId: entry.reportId, version: entry.version }
  }
}
