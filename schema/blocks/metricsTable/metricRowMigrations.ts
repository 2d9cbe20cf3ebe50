import { numbersAsText, type BlockMigration } from '../../document/BlockMigration'

/** The metricRow block's named steps, oldest first (schema/document/migrateDocument.ts runs them). */
export const metricRowMigrations: readonly BlockMigration[] = [
  // v1 → v2: fields stored as JSON numbers before the attribute schemas become text as typed.
  numbersAsText('metricRow', ['current', 'previous', 'target']),
]
