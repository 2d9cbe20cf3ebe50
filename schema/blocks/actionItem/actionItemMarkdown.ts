import type { BlockMarkdown } from '../../export/BlockRenderer'
import { fieldTitleOf, valueLabelOf } from '../../export/blockLabelText'
import { escapeMarkdown, factLine, indentLines } from '../../export/markdownSyntax'
import { attr, children } from '../../export/reportJson'
import { actionItemLabels } from './actionItemLabels'

/** An action as a task list item: "- [x] #n text — status · owner · due · issue". */
export const actionItemMarkdown: BlockMarkdown = {
  listItem: true,
  render: (node, ctx) => {
    const { labels, index } = ctx
    const f = (name: string) => fieldTitleOf(actionItemLabels, labels, name)
    const status = attr(node, 'status')
    const no = index.actionNumbers.get(node)
    const issueId = attr(node, 'issueId')
    const facts: [string, string][] = [
      [f('status'), valueLabelOf(actionItemLabels, labels, 'status', status)],
      [f('owner'), attr(node, 'owner') ?? labels.empty],
      [f('due'), attr(node, 'due') ?? labels.empty],
    ]
    if (issueId) facts.push([labels.action.issue, index.issueTitles.has(issueId) ? index.issueTitles.get(issueId) || labels.empty : labels.action.missingIssue])
    const carried = attr(node, 'carriedFrom')
    const text = ctx.inline(children(node).flatMap((p, i) => (i > 0 ? [{ type: 'hardBreak' }, ...children(p)] : children(p))))
    return (
      `- [${status === 'done' ? 'x' : ' '}] ${no ? `#${no} ` : ''}${indentLines(text, '  ')} — ${factLine(labels, facts)}` +
      (carried ? ` · ↻ ${escapeMarkdown(`${labels.action.carriedFrom} ${carried}`)}` : '')
    )
  },
}
