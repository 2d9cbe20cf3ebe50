import { Node, mergeAttributes } from '@tiptap/core'
import { blockIdAttribute, dataAttributes } from './dataAttributes'

/**
 * Customer feedback: survey and complaint counts as attributes, one
 * `feedbackTheme` node per theme, then the summary text.
 */
export const FeedbackSummary = Node.create({
  name: 'feedbackSummary',
  group: 'block',
  content: 'feedbackTheme* paragraph+',
  isolating: true,
  addAttributes: () => ({
    ...blockIdAttribute,
    ...dataAttributes({
      responses: null,
      csat: null,
      promoters: null,
      passives: null,
      detractors: null,
      complaints: null,
      complaintsResolved: null,
    }),
  }),
  parseHTML: () => [{ tag: 'div[data-block=feedback]' }],
  renderHTML: ({ HTMLAttributes }) => ['div', mergeAttributes({ 'data-block': 'feedback' }, HTMLAttributes), 0],
})
