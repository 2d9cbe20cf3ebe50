import type { BlockDefinition } from '../BlockDefinition'
import { ActionItem, actionItemAttributes } from './ActionItem'
import { actionItemLabels } from './actionItemLabels'
import { actionItemCheck } from './actionItemCheck'
import { actionItemKpi } from './actionItemKpi'
import { actionItemIndex } from './actionItemIndex'
import { actionItemCaption } from './actionItemCaption'
import { actionItemHtml } from './actionItemHtml'
import { actionItemMarkdown } from './actionItemMarkdown'
import { actionItemExportIndex } from './actionItemExportIndex'
import { actionItemDiff } from './actionItemDiff'

/** The action block: everything the editor, the check, the KPIs, the exports and the diff know about it. */
export const actionItemDefinition = {
  name: 'actionItem',
  version: 1,
  node: ActionItem,
  attributes: actionItemAttributes,
  labels: actionItemLabels,
  check: actionItemCheck,
  kpi: actionItemKpi,
  index: actionItemIndex,
  caption: actionItemCaption,
  html: actionItemHtml,
  markdown: actionItemMarkdown,
  exportIndex: actionItemExportIndex,
  diff: actionItemDiff,
  docx: () => import('./actionItemDocx').then((m) => m.actionItemDocx),
} satisfies BlockDefinition<'actionItem'>
