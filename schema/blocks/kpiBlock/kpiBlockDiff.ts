import type { BlockDiff } from '../../diff/BlockDiff'
import { kpiMetricKey } from '../../diff/kpiMetricKey'
import { attr } from '../../export/reportJson'

/**
 * A KPI block is named by its noun alone; only its scope is people's edit
 * (`values` and `computedAt` are the server's). Changes of the report's
 * KPIs other than a metric's own show at the summary KPI block.
 */
export const kpiBlockDiff: BlockDiff = {
  fields: ['scope'],
  label: (_block, named) => named(null),
  showsKpi: (node, kpiKey) => kpiMetricKey(kpiKey) === undefined && (attr(node, 'scope') ?? 'summary') === 'summary',
}
