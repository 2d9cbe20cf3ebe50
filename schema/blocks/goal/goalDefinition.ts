import type { BlockDefinition } from '../BlockDefinition'
import { GoalBlock, goalAttributes } from './GoalBlock'
import { goalLabels } from './goalLabels'
import { goalMigrations } from './goalMigrations'

/** The goal block: everything the editor, the check, the KPIs, the exports and the diff know about it. */
export const goalDefinition = {
  name: 'goal',
  version: 2,
  node: GoalBlock,
  attributes: goalAttributes,
  labels: goalLabels,
  migrations: goalMigrations,
} satisfies BlockDefinition<'goal'>
