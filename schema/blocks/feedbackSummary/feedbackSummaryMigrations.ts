import { numbersAsText, type BlockMigration } from '../../document/BlockMigration'

/** The feedbackSummary block's named steps, oldest first (schema/document/migrateDocument.ts runs them). */
export const feedbackSummaryMigrations: readonly BlockMigration[] = [
  // v1 → v2: fields stored as JSON numbers before the attribute schemas become text as typed.
  numbersAsText('feedbackSummary', ['responses', 'csat', 'promoters', 'passives', 'detractors', 'complaints', 'complaintsResolved']),
]
