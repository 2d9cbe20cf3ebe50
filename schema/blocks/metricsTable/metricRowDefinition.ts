import type { BlockDefinition } from '../BlockDefinition'
import { MetricRow, metricRowAttributes } from './MetricRow'
import { metricRowLabels } from './metricRowLabels'
import { metricRowCheck } from './metricRowCheck'
import { metricRowKpi } from './metricRowKpi'
import { metricRowIndex } from './metricRowIndex'
import { metricRowCaption } from './metricRowCaption'
import { metricRowDiff } from './metricRowDiff'
import { metricRowCarryOver } from './metricRowCarryOver'
import { metricRowMigrations } from './metricRowMigrations'

/** The metric block: everything the editor, the check, the KPIs, the exports and the diff know about it. */
export const metricRowDefinition = {
  name: 'metricRow',
  version: 2,
  node: MetricRow,
  attributes: metricRowAttributes,
  labels: metricRowLabels,
  check: metricRowCheck,
  kpi: metricRowKpi,
  index: metricRowIndex,
  caption: metricRowCaption,
  diff: metricRowDiff,
  carryOver: metricRowCarryOver,
  docx: () => import('./metricRowDocx').then((m) => m.metricRowDocx),
  migrations: metricRowMigrations,
} satisfies BlockDefinition<'metricRow'>
