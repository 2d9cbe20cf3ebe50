import type { BlockDefinition } from '../BlockDefinition'
import { MetricRow, metricRowAttributes } from './MetricRow'
import { metricRowLabels } from './metricRowLabels'
import { metricRowMigrations } from './metricRowMigrations'

/** The metric block: everything the editor, the check, the KPIs, the exports and the diff know about it. */
export const metricRowDefinition = {
  name: 'metricRow',
  version: 2,
  node: MetricRow,
  attributes: metricRowAttributes,
  labels: metricRowLabels,
  migrations: metricRowMigrations,
} satisfies BlockDefinition<'metricRow'>
