import type { BlockMarkdown } from '../../export/BlockRenderer'
import { fieldTitleOf, titleOf, valueLabelOf } from '../../export/blockLabelText'
import { escapeMarkdown, factLine, indentLines } from '../../export/markdownSyntax'
import { attr, attrText, children, withUnit } from '../../export/reportJson'
import { goalLabels } from './goalLabels'

/** A goal as a list item: its statement, then a line of its facts. */
export const goalMarkdown: BlockMarkdown = {
  render: (node, ctx) => {
    const { labels, index } = ctx
    const f = (name: string) => fieldTitleOf(goalLabels, labels, name)
    const key = attr(node, 'metricKey')
    const metric = key ? index.metricsByKey.get(key) : undefined
    const unit = attrText(node, 'unit')
    const shown = (v: string | null) => withUnit(v, unit, labels.empty)
    const facts: [string, string][] = [
      [f('metricKey'), key ? (metric ? `${metric.name || key} (${key})` : key) : labels.empty],
      [`${f('baseline')} → ${f('target')}`, `${shown(attr(node, 'baseline'))} → ${shown(attr(node, 'target'))}`],
      [f('direction'), valueLabelOf(goalLabels, labels, 'direction', attr(node, 'direction'))],
      [f('deadline'), attr(node, 'deadline') ?? labels.empty],
      [f('owner'), attr(node, 'owner') ?? labels.empty],
      [f('status'), valueLabelOf(goalLabels, labels, 'status', attr(node, 'status'))],
    ]
    const statement = ctx.inline(children(node).flatMap((p, i) => (i > 0 ? [{ type: 'hardBreak' }, ...children(p)] : children(p))))
    return `- **${escapeMarkdown(titleOf(goalLabels, labels))}**${labels.colon}${indentLines(statement, '  ')}\n  ${factLine(labels, facts)}`
  },
}
