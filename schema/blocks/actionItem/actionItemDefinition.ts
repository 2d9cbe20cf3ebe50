import type { BlockDefinition } from '../BlockDefinition'
import { ActionItem, actionItemAttributes } from './ActionItem'
import { actionItemLabels } from './actionItemLabels'
import { actionItemCheck } from './actionItemCheck'
import { actionItemKpi } from './actionItemKpi'
import { actionItemIndex } from './actionItemIndex'
import { actionItemCaption } from './actionItemCaption'
import { actionItemHtml } from './actionItemHtml'
import { actionItemMarkdown } from './actionItemMarkdown'
import { actionItemDiff } from './actionItemDiff'
import { actionItemBlank } from './actionItemBlank'
import { actionItemCarryOver } from './actionItemCarryOver'

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
  diff: actionItemDiff,
  blank: actionItemBlank,
  carryOver: actionItemCarryOver,
  docx: () => import('./actionItemDocx').then((m) => m.actionItemDocx),
} satisfies BlockDefinition<'actionItem'>
