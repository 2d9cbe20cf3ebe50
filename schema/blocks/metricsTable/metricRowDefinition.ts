import type { BlockDefinition } from '../BlockDefinition'
import { MetricRow, metricRowAttributes } from './MetricRow'
import { metricRowLabels } from './metricRowLabels'

/** The metric block: everything the editor, the check, the KPIs, the exports and the diff know about it. */
export const metricRowDefinition = {
  name: 'metricRow',
  version: 1,
  node: MetricRow,
  attributes: metricRowAttributes,
  labels: metricRowLabels,
  docx: () => import('./metricRowDocx').then((m) => m.metricRowDocx),
} satisfies BlockDefinition<'metricRow'>
