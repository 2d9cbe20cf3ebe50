import type { BlockMarkdown } from '../../export/BlockRenderer'
import { titleOf } from '../../export/blockLabelText'
import { escapeMarkdown, markdownTable } from '../../export/markdownSyntax'
import { metricRowLabels } from '../metricsTable/metricRowLabels'
import { kpiBlockLabels } from './kpiBlockLabels'
import { kpiBlockValues } from './kpiBlockValues'

/** A KPI block as a table of metric, value and formula; "pending" until the server computed it. */
export const kpiBlockMarkdown: BlockMarkdown = {
  render: (node, ctx) => {
    const { labels } = ctx
    const values = kpiBlockValues(node, ctx.input.kpis)
    const title = `**${escapeMarkdown(titleOf(kpiBlockLabels, labels))}**`
    if (values.length === 0) return `${title}\n\n*${escapeMarkdown(labels.kpi.pending)}*`
    return `${title}\n\n${markdownTable(
      [titleOf(metricRowLabels, labels), labels.kpi.value, labels.kpi.formula],
      values.map((v) => [v.label, v.display, v.formula]),
      [false, true, false],
    )}`
  },
}
