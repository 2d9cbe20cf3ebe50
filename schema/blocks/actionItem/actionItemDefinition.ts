import type { BlockDefinition } from '../BlockDefinition'
import { ActionItem, actionItemAttributes } from './ActionItem'
import { actionItemLabels } from './actionItemLabels'
import { actionItemHtml } from './actionItemHtml'
import { actionItemMarkdown } from './actionItemMarkdown'
import { actionItemIndex } from './actionItemIndex'
import { actionItemDiff } from './actionItemDiff'

/** The action block: everything the editor, the check, the KPIs, the exports and the diff know about it. */
export const actionItemDefinition = {
  name: 'actionItem',
  version: 1,
  node: ActionItem,
  attributes: actionItemAttributes,
  labels: actionItemLabels,
  html: actionItemHtml,
  markdown: actionItemMarkdown,
  index: actionItemIndex,
  diff: actionItemDiff,
} satisfies BlockDefinition<'actionItem'>
