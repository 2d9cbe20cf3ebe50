import type { BlockDefinition } from '../BlockDefinition'
import { FeedbackTheme, feedbackThemeAttributes } from './FeedbackTheme'
import { feedbackThemeLabels } from './feedbackThemeLabels'

/** The feedback theme block: everything the editor, the check, the KPIs, the exports and the diff know about it. */
export const feedbackThemeDefinition = {
  name: 'feedbackTheme',
  version: 1,
  node: FeedbackTheme,
  attributes: feedbackThemeAttributes,
  labels: feedbackThemeLabels,
  docx: () => import('./feedbackThemeDocx').then((m) => m.feedbackThemeDocx),
} satisfies BlockDefinition<'feedbackTheme'>
