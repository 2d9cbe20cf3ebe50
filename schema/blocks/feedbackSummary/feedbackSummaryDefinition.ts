import type { BlockDefinition } from '../BlockDefinition'
import { FeedbackSummary, feedbackSummaryAttributes } from './FeedbackSummary'
import { feedbackSummaryLabels } from './feedbackSummaryLabels'
import { feedbackSummaryCheck } from './feedbackSummaryCheck'
import { feedbackSummaryKpi } from './feedbackSummaryKpi'
import { feedbackSummaryHtml } from './feedbackSummaryHtml'
import { feedbackSummaryMarkdown } from './feedbackSummaryMarkdown'
import { feedbackSummaryDiff } from './feedbackSummaryDiff'
import { feedbackSummaryBlank } from './feedbackSummaryBlank'
import { feedbackSummaryMigrations } from './feedbackSummaryMigrations'

/** The customer feedback summary block: everything the editor, the check, the KPIs, the exports and the diff know about it. */
export const feedbackSummaryDefinition = {
  name: 'feedbackSummary',
  version: 2,
  node: FeedbackSummary,
  attributes: feedbackSummaryAttributes,
  labels: feedbackSummaryLabels,
  check: feedbackSummaryCheck,
  kpi: feedbackSummaryKpi,
  html: feedbackSummaryHtml,
  markdown: feedbackSummaryMarkdown,
  diff: feedbackSummaryDiff,
  blank: feedbackSummaryBlank,
  docx: () => import('./feedbackSummaryDocx').then((m) => m.feedbackSummaryDocx),
  migrations: feedbackSummaryMigrations,
} satisfies BlockDefinition<'feedbackSummary'>
