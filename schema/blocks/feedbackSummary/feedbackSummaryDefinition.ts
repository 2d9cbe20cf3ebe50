import type { BlockDefinition } from '../BlockDefinition'
import { FeedbackSummary, feedbackSummaryAttributes } from './FeedbackSummary'
import { feedbackSummaryLabels } from './feedbackSummaryLabels'

/** The customer feedback summary block: everything the editor, the check, the KPIs, the exports and the diff know about it. */
export const feedbackSummaryDefinition = {
  name: 'feedbackSummary',
  version: 1,
  node: FeedbackSummary,
  attributes: feedbackSummaryAttributes,
  labels: feedbackSummaryLabels,
  docx: () => import('./feedbackSummaryDocx').then((m) => m.feedbackSummaryDocx),
} satisfies BlockDefinition<'feedbackSummary'>
