import type { BlockIndexer } from '../../export/ReportIndex'
import { attr, attrText } from '../../export/reportJson'

/** A metric row is known by its key (the first row of a key wins, as in the KPIs). */
export const metricRowExportIndex: BlockIndexer = (node, index) => {
  const key = attr(node, 'key')
  if (key && !index.metrics.has(key)) index.metrics.set(key, { name: attr(node, 'name') ?? key, unit: attrText(node, 'unit') })
}
