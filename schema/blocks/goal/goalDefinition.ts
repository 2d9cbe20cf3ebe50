import type { BlockDefinition } from '../BlockDefinition'
import { GoalBlock, goalAttributes } from './GoalBlock'
import { goalLabels } from './goalLabels'

/** The goal block: everything the editor, the check, the KPIs, the exports and the diff know about it. */
export const goalDefinition = {
  name: 'goal',
  version: 1,
  node: GoalBlock,
  attributes: goalAttributes,
  labels: goalLabels,
  docx: () => import('./goalDocx').then((m) => m.goalDocx),
} satisfies BlockDefinition<'goal'>
