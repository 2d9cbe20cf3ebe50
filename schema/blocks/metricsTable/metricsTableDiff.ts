import type { BlockDiff } from '../../diff/BlockDiff'
import { attr } from '../../export/reportJson'

/** A metrics table's rows are compared one by one; the table is named by its title. */
export const metricsTableDiff: BlockDiff = {
  parts: 'metricRow',
  label: ({ node }, named) => named(attr(node, 'title')),
}
