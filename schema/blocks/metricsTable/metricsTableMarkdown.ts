import type { BlockMarkdown } from '../../export/BlockRenderer'
import { fieldTitleOf } from '../../export/blockLabelText'
import { derivedText } from '../../export/derivedText'
import { escapeMarkdown, markdownTable } from '../../export/markdownSyntax'
import { attr, attrText, children } from '../../export/reportJson'
import { attainment, momChange, type Direction } from '../../kpi/metricFormulas'
import { metricRowLabels } from './metricRowLabels'

/** A metrics table as a GFM table, its title in bold above it. */
export const metricsTableMarkdown: BlockMarkdown = {
  render: (node, ctx) => {
    const { labels } = ctx
    const f = (name: string) => fieldTitleOf(metricRowLabels, labels, name)
    const rows = children(node)
      .filter((r) => r.type === 'metricRow')
      .map((r) => {
        const current = attr(r, 'current')
        const previous = attr(r, 'previous')
        const target = attr(r, 'target')
        const direction: Direction = attr(r, 'direction') === 'lower' ? 'lower' : 'higher'
        return [
          attr(r, 'name') ?? attrText(r, 'key'),
          current ?? labels.empty,
          previous ?? labels.empty,
          target ?? labels.empty,
          attrText(r, 'unit'),
          direction === 'lower' ? '↓' : '↑',
          derivedText(momChange(current, previous), 'signedPercent', labels).text,
          derivedText(attainment(current, target, direction), 'percent', labels).text,
          attrText(r, 'definition'),
        ]
      })
    const title = attr(node, 'title')
    const head = [f('name'), f('current'), f('previous'), f('target'), f('unit'), f('direction'), labels.metrics.mom, labels.metrics.attainment, f('definition')]
    const md = markdownTable(head, rows, [false, true, true, true, false, false, true, true, false])
    return title ? `**${escapeMarkdown(title)}**\n\n${md}` : md
  },
}
