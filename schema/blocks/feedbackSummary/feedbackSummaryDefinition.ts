import type { BlockDefinition } from '../BlockDefinition'
import { FeedbackSummary, feedbackSummaryAttributes } from './FeedbackSummary'
import { feedbackSummaryLabels } from './feedbackSummaryLabels'
import { feedbackSummaryCheck } from './feedbackSummaryCheck'
import { feedbackSummaryKpi } from './feedbackSummaryKpi'
import { feedbackSummaryHtml } from './feedbackSummaryHtml'
import { feedbackSummaryMarkdown } from './feedbackSummaryMarkdown'
import { feedbackSummaryDiff } from './feedbackSummaryDiff'

/** The customer feedback summary block: everything the editor, the check, the KPIs, the exports and the diff know about it. */
export const feedbackSummaryDefinition = {
  name: 'feedbackSummary',
  version: 1,
  node: FeedbackSummary,
  attributes: feedbackSummaryAttributes,
  labels: feedbackSummaryLabels,
  check: feedbackSummaryCheck,
  kpi: feedbackSummaryKpi,
  html: feedbackSummaryHtml,
  markdown: feedbackSummaryMarkdown,
  diff: feedbackSummaryDiff,
  docx: () => import('./feedbackSummaryDocx').then((m) => m.feedbackSummaryDocx),
} satisfies BlockDefinition<'feedbackSummary'>
