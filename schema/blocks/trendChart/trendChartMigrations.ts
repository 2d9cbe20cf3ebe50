import { numbersAsText, type BlockMigration } from '../../document/BlockMigration'

/** The trendChart block's named steps, oldest first (schema/document/migrateDocument.ts runs them). */
export const trendChartMigrations: readonly BlockMigration[] = [
  // v1 → v2: fields stored as JSON numbers before the attribute schemas become text as typed.
  numbersAsText('trendChart', ['months']),
]
