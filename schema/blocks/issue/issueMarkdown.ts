import type { BlockMarkdown } from '../../export/BlockRenderer'
import { fieldTitleOf, valueLabelOf } from '../../export/blockLabelText'
import { escapeMarkdown, factLine } from '../../export/markdownSyntax'
import { attr, attrText, children } from '../../export/reportJson'
import { issueLabels } from './issueLabels'

/** An issue as a level-3 heading "[severity] title", a line of its facts, its root cause, then its description. */
export const issueMarkdown: BlockMarkdown = {
  render: (node, ctx) => {
    const { labels } = ctx
    const f = (name: string) => fieldTitleOf(issueLabels, labels, name)
    const severity = valueLabelOf(issueLabels, labels, 'severity', attr(node, 'severity'))
    const facts: [string, string][] = [
      [f('severity'), severity],
      [f('status'), valueLabelOf(issueLabels, labels, 'status', attr(node, 'status'))],
      [f('owner'), attr(node, 'owner') ?? labels.empty],
    ]
    if (attr(node, 'category')) facts.push([f('category'), attrText(node, 'category')])
    if (attr(node, 'impact')) facts.push([f('impact'), attrText(node, 'impact')])
    const rootCause = attr(node, 'rootCause')
    return [
      `### ${escapeMarkdown(`[${severity}] `)}${escapeMarkdown(attr(node, 'title') ?? labels.empty)}`,
      factLine(labels, facts),
      ...(rootCause ? [`**${escapeMarkdown(f('rootCause'))}**${labels.colon}${escapeMarkdown(rootCause.replace(/\s*\n\s*/g, ' '))}`] : []),
      ctx.blocks(children(node), 2),
    ]
      .filter((s) => s !== '')
      .join('\n\n')
  },
}
