import type { BlockDefinition } from '../BlockDefinition'
import { TrendChart, trendChartAttributes } from './TrendChart'
import { trendChartLabels } from './trendChartLabels'
import { trendChartHtml } from './trendChartHtml'
import { trendChartMarkdown } from './trendChartMarkdown'
import { trendChartDiff } from './trendChartDiff'
import { trendChartBlank } from './trendChartBlank'
import { trendChartServerValues } from './trendChartServerValues'
import { trendChartMigrations } from './trendChartMigrations'

/** The trend chart block: everything the editor, the check, the KPIs, the exports and the diff know about it. */
export const trendChartDefinition = {
  name: 'trendChart',
  version: 2,
  node: TrendChart,
  attributes: trendChartAttributes,
  labels: trendChartLabels,
  html: trendChartHtml,
  markdown: trendChartMarkdown,
  diff: trendChartDiff,
  blank: trendChartBlank,
  serverValues: trendChartServerValues,
  docx: () => import('./trendChartDocx').then((m) => m.trendChartDocx),
  migrations: trendChartMigrations,
} satisfies BlockDefinition<'trendChart'>
