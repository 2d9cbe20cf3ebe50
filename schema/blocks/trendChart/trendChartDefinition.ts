import type { BlockDefinition } from '../BlockDefinition'
import { TrendChart, trendChartAttributes } from './TrendChart'
import { trendChartLabels } from './trendChartLabels'

/** The trend chart block: everything the editor, the check, the KPIs, the exports and the diff know about it. */
export const trendChartDefinition = {
  name: 'trendChart',
  version: 1,
  node: TrendChart,
  attributes: trendChartAttributes,
  labels: trendChartLabels,
  docx: () => import('./trendChartDocx').then((m) => m.trendChartDocx),
} satisfies BlockDefinition<'trendChart'>
