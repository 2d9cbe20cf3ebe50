import type { Node as PMNode } from '@tiptap/pm/model'
import { computeReportKpis } from '@schema/kpi/computeReportKpis'
import type { Locale } from '@schema/templates/ReportTemplate'
import { parseKpiValues } from './parseKpiValues'

/**
 * Whether a KPI block's stored values (the server's) are behind the
 * document: the same shared formulas, run on this client's copy, give other
 * figures. True while the server's recompute is pending; the server's
 * values stay the ones shown and stored.
 */
export function kpiStale(doc: PMNode, period: string, locale: Locale, scope: string | null, stored: unknown): boolean {
  const entries = parseKpiValues(stored)
  if (!entries) return false // nothing computed yet: shown as pending, not stale
  const prefix = !scope || scope === 'summary' ? 'summary.' : `metric.${scope}.`
  const local = computeReportKpis(doc, period, locale).filter((v) => v.key.startsWith(prefix))
  const storedDisplay = new Map(entries.map((e) => [e.key, e.display]))
  return local.length !== entries.length || local.some((v) => storedDisplay.get(v.key) !== v.display)
}
