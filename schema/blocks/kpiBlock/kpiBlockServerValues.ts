import type { BlockServerValues } from '../BlockServerValues'
import { kpiScopePrefix } from './kpiScopePrefix'

const withoutTime = (s: string) => s.replace(/"computedAt":"[^"]*"/g, '')

/** A KPI card holds the report's KPIs of its scope, stamped with when they were computed; a new time alone is no change. */
export const kpiBlockServerValues: BlockServerValues = {
  attribute: 'values',
  compute(attr, report) {
    const prefix = kpiScopePrefix(attr('scope') ?? 'summary')
    const { computedAt } = report
    const values = JSON.stringify(report.kpis().filter((v) => v.key.startsWith(prefix)).map((v) => ({ ...v, computedAt })))
    return { values, computedAt }
  },
  same: (stored, computed) => withoutTime(stored) === withoutTime(computed),
}
