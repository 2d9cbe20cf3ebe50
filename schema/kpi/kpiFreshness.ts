/**
 * Whether the KPI values stored in a KPI block (written by the server) still
 * match the document. Shared by the editor's stale badge and the publish
 * check, so both call a block stale for exactly the same reason.
 */
import type { Node as PMNode } from '@tiptap/pm/model'
import type { Locale } from '../templates/ReportTemplate'
import { computeReportKpis, type KpiValue } from './computeReportKpis'
import { parseKpiValues } from './parseKpiValues'
import { kpiScopePrefix } from '../blocks/kpiBlock/kpiScopePrefix'

export type KpiFreshness = 'not_computed' | 'stale' | 'fresh'

/**
 * Compares a block's stored values with KPIs computed from the document
 * (all of them; the block's scope picks its own). Compared by the displayed
 * figure, not the raw number or the label: the label follows the locale and
 * the number may differ in its last bits, while the display is what readers see.
 */
export function kpiFreshness(computed: readonly KpiValue[], scope: string | null | undefined, stored: unknown): KpiFreshness {
  const entries = parseKpiValues(stored)
  if (!entries) return 'not_computed'
  const prefix = kpiScopePrefix(scope)
  const local = computed.filter((v) => v.key.startsWith(prefix))
  const storedDisplay = new Map(entries.map((e) => [e.key, e.display]))
  const stale = local.length !== entries.length || local.some((v) => storedDisplay.get(v.key) !== v.display)
  return stale ? 'stale' : 'fresh'
}

/**
 * Whether a KPI block's stored values (the server's) are behind the
 * document: the same shared formulas, run on this copy, give other figures.
 * False while nothing has been computed yet (shown as pending, not stale).
 */
export function kpiStale(doc: PMNode, period: string, locale: Locale, scope: string | null, stored: unknown): boolean {
  if (!parseKpiValues(stored)) return false
  return kpiFreshness(computeReportKpis(doc, period, locale), scope, stored) === 'stale'
}
