import type { BlockDefinition } from '../BlockDefinition'
import { TrendChart, trendChartAttributes } from './TrendChart'
import { trendChartLabels } from './trendChartLabels'
import { trendChartHtml } from './trendChartHtml'
import { trendChartMarkdown } from './trendChartMarkdown'
import { trendChartDiff } from './trendChartDiff'
import { trendChartBlank } from './trendChartBlank'
import { trendChartServerValues } from './trendChartServerValues'

/** The trend chart block: everything the editor, the check, the KPIs, the exports and the diff know about it. */
export const trendChartDefinition = {
  name: 'trendChart',
  version: 1,
  node: TrendChart,
  attributes: trendChartAttributes,
  labels: trendChartLabels,
  html: trendChartHtml,
  markdown: trendChartMarkdown,
  diff: trendChartDiff,
  blank: trendChartBlank,
  serverValues: trendChartServerValues,
} satisfies BlockDefinition<'trendChart'>
