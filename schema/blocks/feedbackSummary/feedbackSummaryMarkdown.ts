import type { BlockMarkdown } from '../../export/BlockRenderer'
import { fieldTitleOf, titleOf, valueLabelOf } from '../../export/blockLabelText'
import { derivedText } from '../../export/derivedText'
import { escapeMarkdown, markdownTable } from '../../export/markdownSyntax'
import { attr, children, textOf } from '../../export/reportJson'
import { nps, ratio } from '../../kpi/metricFormulas'
import { parseNumber } from '../../kpi/parseNumber'
import { FEEDBACK_COUNTS } from './feedbackCounts'
import { feedbackSummaryLabels } from './feedbackSummaryLabels'
import { feedbackThemeLabels } from './feedbackThemeLabels'

/** A feedback summary: a table of its counts with NPS and resolution rate, a table of its themes, then its summary text. */
export const feedbackSummaryMarkdown: BlockMarkdown = {
  render: (node, ctx) => {
    const { labels } = ctx
    const f = (name: string) => fieldTitleOf(feedbackSummaryLabels, labels, name)
    const tf = (name: string) => fieldTitleOf(feedbackThemeLabels, labels, name)
    const csat = parseNumber(attr(node, 'csat'))
    const counts = markdownTable(
      [...FEEDBACK_COUNTS.map(f), labels.feedback.nps, labels.feedback.resolutionRate],
      [
        [
          ...FEEDBACK_COUNTS.map((c) => (c === 'csat' && csat.ok ? String(csat.value) : (attr(node, c) ?? labels.empty))),
          derivedText(nps(attr(node, 'promoters'), attr(node, 'detractors'), attr(node, 'responses')), 'number', labels).text,
          derivedText(ratio(attr(node, 'complaintsResolved'), attr(node, 'complaints')), 'percent', labels).text,
        ],
      ],
      Array(FEEDBACK_COUNTS.length + 2).fill(true),
    )
    const themes = children(node).filter((c) => c.type === 'feedbackTheme')
    const themeTable =
      themes.length > 0
        ? markdownTable(
            [tf('sentiment'), labels.feedback.theme, tf('channel'), tf('count')],
            themes.map((t) => [valueLabelOf(feedbackThemeLabels, labels, 'sentiment', attr(t, 'sentiment')), textOf(t), attr(t, 'channel') ?? labels.empty, attr(t, 'count') ?? labels.empty]),
            [false, false, false, true],
          )
        : ''
    return [
      `**${escapeMarkdown(titleOf(feedbackSummaryLabels, labels))}**`,
      counts,
      themeTable,
      ctx.blocks(
        children(node).filter((c) => c.type !== 'feedbackTheme'),
        2,
      ),
    ]
      .filter((s) => s !== '')
      .join('\n\n')
  },
}
