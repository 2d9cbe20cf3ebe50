import type { BlockDefinition } from '../BlockDefinition'
import { MetricRow, metricRowAttributes } from './MetricRow'
import { metricRowLabels } from './metricRowLabels'
import { metricRowCheck } from './metricRowCheck'
import { metricRowKpi } from './metricRowKpi'
import { metricRowIndex } from './metricRowIndex'
import { metricRowCaption } from './metricRowCaption'
import { metricRowExportIndex } from './metricRowExportIndex'
import { metricRowDiff } from './metricRowDiff'

/** The metric block: everything the editor, the check, the KPIs, the exports and the diff know about it. */
export const metricRowDefinition = {
  name: 'metricRow',
  version: 1,
  node: MetricRow,
  attributes: metricRowAttributes,
  labels: metricRowLabels,
  check: metricRowCheck,
  kpi: metricRowKpi,
  index: metricRowIndex,
  caption: metricRowCaption,
  exportIndex: metricRowExportIndex,
  diff: metricRowDiff,
  docx: () => import('./metricRowDocx').then((m) => m.metricRowDocx),
} satisfies BlockDefinition<'metricRow'>
