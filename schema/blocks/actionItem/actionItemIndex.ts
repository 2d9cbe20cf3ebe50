import type { BlockIndex } from '../../docIndex/DocIndex'
import { attrString } from '../../nodes/readAttribute'

/** Actions are numbered #1, #2… in document order; one linked to an issue counts towards that issue's actions. */
export const actionItemIndex: BlockIndex = (attrs, index, node) => {
  index.actionNumbers.set(node, index.actionNumbers.size + 1)
  const issueId = (attrString(attrs.issueId) ?? '').trim()
  if (issueId !== '') index.actionsByIssue[issueId] = (index.actionsByIssue[issueId] ?? 0) + 1
}
