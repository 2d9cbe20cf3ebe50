import type { JSONContent } from '@tiptap/core'
import type { KpiValue } from '../../kpi/computeReportKpis'
import { parseKpiValues } from '../../kpi/parseKpiValues'
import { attr, kpiScopePrefix, type KpiShown } from '../../export/reportJson'

/** The values a KPI block shows: its stored values, or the version's KPIs of its scope when none are stored. */
export function kpiBlockValues(node: JSONContent, kpis: KpiValue[]): KpiShown[] {
  const stored = parseKpiValues(node.attrs?.values)
  if (stored && stored.length > 0) return stored
  const prefix = kpiScopePrefix(attr(node, 'scope'))
  return kpis
    .filter((k) => k.key.startsWith(prefix))
    .map((k) => ({ key: k.key, label: k.label, display: k.display, formula: k.formula, reason: k.reason ?? '', period: k.period, computedAt: '' }))
}
