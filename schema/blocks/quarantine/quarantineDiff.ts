import type { BlockDiff } from '../../diff/BlockDiff'
import { attr } from '../../export/reportJson'

/** Quarantined content is named by the type it had. */
export const quarantineDiff: BlockDiff = {
  label: ({ node }, named) => named(attr(node, 'originalType')),
}
