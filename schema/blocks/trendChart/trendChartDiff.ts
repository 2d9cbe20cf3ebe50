import type { BlockDiff } from '../../diff/BlockDiff'
import { attr } from '../../export/reportJson'

/** A trend chart is named by its metric; its `series` is the server's, not an edit. */
export const trendChartDiff: BlockDiff = {
  fields: ['metricKey', 'months'],
  label: ({ node, index }, named) => {
    const key = attr(node, 'metricKey')
    return named(key ? (index.metricsByKey.get(key)?.name || key) : null)
  },
}
