import { numbersAsText, type BlockMigration } from '../../document/BlockMigration'

/** The goal block's named steps, oldest first (schema/document/migrateDocument.ts runs them). */
export const goalMigrations: readonly BlockMigration[] = [
  // v1 → v2: fields stored as JSON numbers before the attribute schemas become text as typed.
  numbersAsText('goal', ['baseline', 'target']),
]
