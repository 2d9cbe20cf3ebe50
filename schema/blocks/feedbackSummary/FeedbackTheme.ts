import { Node, mergeAttributes } from '@tiptap/core'
import { z } from 'zod'
import { ATTRIBUTE_LIMITS as L, blockId, choice, text } from '../../nodes/attributeValue'
import { blockIdAttribute, dataAttributes } from '../../nodes/dataAttributes'

export const SENTIMENTS = ['positive', 'neutral', 'negative'] as const

/** One theme of customer feedback: sentiment, channel, mention count; the theme text as content. */
export const FeedbackTheme = Node.create({
  name: 'feedbackTheme',
  content: 'inline*',
  defining: true,
  addAttributes: () => ({ ...blockIdAttribute, ...dataAttributes({ sentiment: null, channel: null, count: null }, () => feedbackThemeAttributes) }),
  parseHTML: () => [{ tag: 'div[data-block=theme]' }],
  renderHTML: ({ HTMLAttributes }) => ['div', mergeAttributes({ 'data-block': 'theme' }, HTMLAttributes), 0],
})

/** The theme's fields as they may be stored (attributeSchemas.ts). */
export const feedbackThemeAttributes = z.object({
  id: blockId,
  sentiment: choice(SENTIMENTS),
  channel: text(L.line),
  count: text(L.number),
})
