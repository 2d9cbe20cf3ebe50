import type { BlockDiff } from '../../diff/BlockDiff'
import { attr, excerpt } from '../../export/reportJson'

/** An issue is named by its title, or the start of its description. */
export const issueDiff: BlockDiff = {
  label: ({ node, text }, named) => named(attr(node, 'title') ?? (excerpt(text) || null)),
}
