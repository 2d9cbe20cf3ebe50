import type { BlockCheck } from '../../check/BlockCheck'
import { text } from '../../check/checkText'

/** Quarantined content is never published: what it held must be entered again. */
export const quarantineCheck: BlockCheck = (node, { report }) => {
  report('quarantined_content', { type: text(node.attrs.originalType) || '?' })
}
