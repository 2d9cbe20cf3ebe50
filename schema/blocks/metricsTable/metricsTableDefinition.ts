import type { BlockDefinition } from '../BlockDefinition'
import { MetricsTable, metricsTableAttributes } from './MetricsTable'
import { metricsTableLabels } from './metricsTableLabels'
import { metricsTableHtml } from './metricsTableHtml'
import { metricsTableMarkdown } from './metricsTableMarkdown'
import { metricsTableDiff } from './metricsTableDiff'

/** The metrics table block: everything the editor, the check, the KPIs, the exports and the diff know about it. */
export const metricsTableDefinition = {
  name: 'metricsTable',
  version: 1,
  node: MetricsTable,
  attributes: metricsTableAttributes,
  labels: metricsTableLabels,
  html: metricsTableHtml,
  markdown: metricsTableMarkdown,
  diff: metricsTableDiff,
  docx: () => import('./metricsTableDocx').then((m) => m.metricsTableDocx),
} satisfies BlockDefinition<'metricsTable'>
