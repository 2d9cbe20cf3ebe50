import type { BlockDefinition } from '../BlockDefinition'
import { ActionItem, actionItemAttributes } from './ActionItem'
import { actionItemLabels } from './actionItemLabels'

/** The action block: everything the editor, the check, the KPIs, the exports and the diff know about it. */
export const actionItemDefinition = {
  name: 'actionItem',
  version: 1,
  node: ActionItem,
  attributes: actionItemAttributes,
  labels: actionItemLabels,
  docx: () => import('./actionItemDocx').then((m) => m.actionItemDocx),
} satisfies BlockDefinition<'actionItem'>
