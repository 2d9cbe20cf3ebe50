import type { BlockDefinition } from '../BlockDefinition'
import { KpiBlock, kpiBlockAttributes } from './KpiBlock'
import { kpiBlockLabels } from './kpiBlockLabels'
import { kpiBlockCheck } from './kpiBlockCheck'
import { kpiBlockHtml } from './kpiBlockHtml'
import { kpiBlockMarkdown } from './kpiBlockMarkdown'
import { kpiBlockDiff } from './kpiBlockDiff'

/** The KPIs (computed by the server) block: everything the editor, the check, the KPIs, the exports and the diff know about it. */
export const kpiBlockDefinition = {
  name: 'kpiBlock',
  version: 1,
  node: KpiBlock,
  attributes: kpiBlockAttributes,
  labels: kpiBlockLabels,
  check: kpiBlockCheck,
  html: kpiBlockHtml,
  markdown: kpiBlockMarkdown,
  diff: kpiBlockDiff,
  docx: () => import('./kpiBlockDocx').then((m) => m.kpiBlockDocx),
} satisfies BlockDefinition<'kpiBlock'>
