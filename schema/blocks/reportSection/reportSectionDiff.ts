import type { BlockDiff } from '../../diff/BlockDiff'
import { attr } from '../../export/reportJson'

/** A section places the blocks in it, pairs with the section of the same template key, and is named by its title. */
export const reportSectionDiff: BlockDiff = {
  section: { key: (node) => attr(node, 'key') },
  label: ({ node, text }, named) => named(text || attr(node, 'key')),
}
