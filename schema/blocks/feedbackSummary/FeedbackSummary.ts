import { Node, mergeAttributes } from '@tiptap/core'
import { z } from 'zod'
import { ATTRIBUTE_LIMITS as L, blockId, text } from '../../nodes/attributeValue'
import { blockIdAttribute, dataAttributes } from '../../nodes/dataAttributes'

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
    }, () => feedbackSummaryAttributes),
  }),
  parseHTML: () => [{ tag: 'div[data-block=feedback]' }],
  renderHTML: ({ HTMLAttributes }) => ['div', mergeAttributes({ 'data-block': 'feedback' }, HTMLAttributes), 0],
})

/** The feedback counts as they may be stored (numbers as typed; attributeSchemas.ts). */
export const feedbackSummaryAttributes = z.object({
  id: blockId,
  responses: text(L.number),
  csat: text(L.number),
  promoters: text(L.number),
  passives: text(L.number),
  detractors: text(L.number),
  complaints: text(L.number),
  complaintsResolved: text(L.number),
})
