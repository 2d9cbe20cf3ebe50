import type { BlockHtml } from '../../export/BlockRenderer'
import { titleOf } from '../../export/blockLabelText'
import { attr, escapeHtml as e } from '../../export/reportJson'
import { renderTrendSvg } from '../../trend/trendSvg'
import { trendChartLabels } from './trendChartLabels'
import { trendSeriesOf, trendTitle } from './trendChartSeries'

/** A trend block as a figure: the chart as inline SVG, its title and months below. */
export const trendChartHtml: BlockHtml = {
  render: (node, ctx) => {
    const { labels } = ctx
    const series = trendSeriesOf(node, ctx)
    const title = trendTitle(series, labels)
    const months = attr(node, 'months')
    return (
      '<figure class="trend">' +
      renderTrendSvg(series, { title, locale: labels.locale }) +
      `<figcaption><span class="block-label">${e(titleOf(trendChartLabels, labels))}</span> ${e(title)}` +
      (months ? ` · ${e(labels.trend.months)}${e(labels.colon)}${e(months)}` : '') +
      '</figcaption></figure>'
    )
  },
}
