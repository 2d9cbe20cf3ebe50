import type { BlockDiff } from '../../diff/BlockDiff'
import { attr, excerpt } from '../../export/reportJson'

/** A goal is named by the start of its statement, or its metric. */
export const goalDiff: BlockDiff = {
  label: ({ node, text }, named) => named(excerpt(text) || attr(node, 'metricKey')),
}
