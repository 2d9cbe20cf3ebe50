import type { BlockDefinition } from '../BlockDefinition'
import { TrendChart, trendChartAttributes } from './TrendChart'
import { trendChartLabels } from './trendChartLabels'
import { trendChartHtml } from './trendChartHtml'
import { trendChartMarkdown } from './trendChartMarkdown'
import { trendChartDiff } from './trendChartDiff'

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
  docx: () => import('./trendChartDocx').then((m) => m.trendChartDocx),
} satisfies BlockDefinition<'trendChart'>
