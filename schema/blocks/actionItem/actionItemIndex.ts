import type { BlockIndex } from '../../docIndex/DocIndex'
import { attrString } from '../../nodes/readAttribute'

/** An action linked to an issue counts towards that issue's actions. */
export const actionItemIndex: BlockIndex = (node, index) => {
  const issueId = (attrString(node.attrs.issueId) ?? '').trim()
  if (issueId !== '') index.actionsByIssue[issueId] = (index.actionsByIssue[issueId] ?? 0) + 1
}
