import type { BlockMarkdown } from '../../export/BlockRenderer'
import { titleOf } from '../../export/blockLabelText'
import { escapeMarkdown, markdownTable } from '../../export/markdownSyntax'
import { trendChartLabels } from './trendChartLabels'
import { trendSeriesOf, trendTitle } from './trendChartSeries'

/** A trend block as a table of period and value; "no published data" (with this period's draft value) when it has none. */
export const trendChartMarkdown: BlockMarkdown = {
  render: (node, ctx) => {
    const { labels } = ctx
    const series = trendSeriesOf(node, ctx)
    const title = `**${escapeMarkdown(`${titleOf(trendChartLabels, labels)}${labels.colon}${trendTitle(series, labels)}`)}**`
    if (!series.points.some((p) => !p.draft && p.value !== null)) {
      const draft = series.points.filter((p) => p.draft)
      const draftRows =
        draft.length > 0
          ? `\n\n${markdownTable([labels.trend.period, labels.kpi.value], draft.map((p) => [`${p.period} (${labels.trend.draft})`, p.display || labels.empty]), [false, true])}`
          : ''
      return `${title}\n\n*${escapeMarkdown(labels.trend.noData)}*${draftRows}`
    }
    return `${title}\n\n${markdownTable(
      [labels.trend.period, labels.kpi.value],
      series.points.map((p) => [p.draft ? `${p.period} (${labels.trend.draft})` : p.period, p.value === null ? labels.empty : p.display || String(p.value)]),
      [false, true],
    )}`
  },
}
