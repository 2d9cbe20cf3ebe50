import type { BlockDefinition } from '../BlockDefinition'
import { GoalBlock, goalAttributes } from './GoalBlock'
import { goalLabels } from './goalLabels'
import { goalHtml } from './goalHtml'
import { goalMarkdown } from './goalMarkdown'

/** The goal block: everything the editor, the check, the KPIs, the exports and the diff know about it. */
export const goalDefinition = {
  name: 'goal',
  version: 1,
  node: GoalBlock,
  attributes: goalAttributes,
  labels: goalLabels,
  html: goalHtml,
  markdown: goalMarkdown,
} satisfies BlockDefinition<'goal'>
