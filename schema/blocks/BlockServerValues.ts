/**
 * What the server computes into a block (`BlockDefinition.serverValues`):
 * the KPI recompute (server/kpi/kpiRecompute.ts) asks each block that has
 * server values for them, from what it knows of the report, and writes
 * those that changed. A client never writes them; one that does is undone.
 */
import type { DocIndex } from '../docIndex/DocIndex'
import type { KpiValue } from '../kpi/computeReportKpis'
import type { Locale } from '../templates/ReportTemplate'
import type { TrendPoint } from '../trend/TrendSeries'

/** What the server knows of a report while recomputing it; each part is computed on first use, once per recompute. */
export interface ServerReport {
  period: string
  locale: Locale
  /** When this recompute runs (ISO 8601). */
  computedAt: string
  /** The report's KPIs. */
  kpis(): readonly KpiValue[]
  /** The report's index (its metric rows by key…). */
  index(): DocIndex
  /** Published points of one metric of the report's series before its period, oldest first, at most `months`. */
  history(metricKey: string, months: number): { points: TrendPoint[]; name: string | null; unit: string | null }
}

export interface BlockServerValues {
  /** The attribute holding the computed value; a stored value other than the server's last write was a client's. */
  attribute: string
  /** The attributes to write now (`attribute` and any written with it), from the block's own attributes and the report. */
  compute(attr: (name: string) => string | null, report: ServerReport): Record<string, string>
  /** Whether the stored value already says what the computed one says (default: the same string). */
  same?(stored: string, computed: string): boolean
  /** The stored value as the published version `version` keeps it (a trend's draft point becomes that version's), or null when it keeps it as is. */
  frozen?(stored: unknown, version: string): string | null
}
