import type { BlockDiff } from '../../diff/BlockDiff'
import { kpiMetricKey } from '../../diff/kpiMetricKey'
import { attr } from '../../export/reportJson'

/** A metric is named by its name (or key), and is where changes of its own KPIs show. */
export const metricRowDiff: BlockDiff = {
  label: ({ node }, named) => named(attr(node, 'name') ?? attr(node, 'key')),
  showsKpi: (node, kpiKey) => {
    const metric = kpiMetricKey(kpiKey)
    return metric !== undefined && attr(node, 'key') === metric
  },
}
