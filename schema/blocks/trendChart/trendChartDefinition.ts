import type { BlockDefinition } from '../BlockDefinition'
import { TrendChart, trendChartAttributes } from './TrendChart'
import { trendChartLabels } from './trendChartLabels'
import { trendChartMigrations } from './trendChartMigrations'

/** The trend chart block: everything the editor, the check, the KPIs, the exports and the diff know about it. */
export const trendChartDefinition = {
  name: 'trendChart',
  version: 2,
  node: TrendChart,
  attributes: trendChartAttributes,
  labels: trendChartLabels,
  migrations: trendChartMigrations,
} satisfies BlockDefinition<'trendChart'>
