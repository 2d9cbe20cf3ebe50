import type { BlockHtml } from '../../export/BlockRenderer'
import { fieldTitleOf, valueLabelOf } from '../../export/blockLabelText'
import { htmlField, knownClass } from '../../export/htmlFragments'
import { attr, children, escapeHtml as e } from '../../export/reportJson'
import { ACTION_STATUSES } from './ActionItem'
import { actionItemLabels } from './actionItemLabels'

/** An action as an item of the actions list: #n, status, its text, owner, due date, the issue it fixes, where it was carried from. */
export const actionItemHtml: BlockHtml = {
  list: { open: '<ul class="actions">', close: '</ul>' },
  render: (node, ctx) => {
    const { labels, index } = ctx
    const status = attr(node, 'status')
    const f = (name: string) => fieldTitleOf(actionItemLabels, labels, name)
    const no = index.actionNumbers.get(node)
    const issueId = attr(node, 'issueId')
    const carried = attr(node, 'carriedFrom')
    const meta = [
      htmlField(labels, f('owner'), attr(node, 'owner') ?? labels.empty),
      htmlField(labels, f('due'), attr(node, 'due') ?? labels.empty),
      ...(issueId ? [htmlField(labels, labels.action.issue, index.issueTitles.has(issueId) ? index.issueTitles.get(issueId) || labels.empty : labels.action.missingIssue)] : []),
    ]
    return (
      `<li class="action action-${knownClass(status, ACTION_STATUSES)}">` +
      '<div class="action-main">' +
      (no ? `<span class="action-no">#${no}</span>` : '') +
      `<span class="status">${e(valueLabelOf(actionItemLabels, labels, 'status', status))}</span>` +
      `<div class="action-text">${ctx.blocks(children(node), 2)}</div></div>` +
      `<div class="fields">${meta.join('')}${carried ? `<span class="badge">↻ ${e(labels.action.carriedFrom)} ${e(carried)}</span>` : ''}</div>` +
      '</li>'
    )
  },
}
