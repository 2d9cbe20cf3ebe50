import type { BlockDefinition } from '../BlockDefinition'
import { FeedbackSummary, feedbackSummaryAttributes } from './FeedbackSummary'
import { feedbackSummaryLabels } from './feedbackSummaryLabels'
import { feedbackSummaryMigrations } from './feedbackSummaryMigrations'

/** The customer feedback summary block: everything the editor, the check, the KPIs, the exports and the diff know about it. */
export const feedbackSummaryDefinition = {
  name: 'feedbackSummary',
  version: 2,
  node: FeedbackSummary,
  attributes: feedbackSummaryAttributes,
  labels: feedbackSummaryLabels,
  migrations: feedbackSummaryMigrations,
} satisfies BlockDefinition<'feedbackSummary'>
