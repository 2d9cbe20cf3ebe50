import { Node, mergeAttributes } from '@tiptap/core'
import { blockIdAttribute, dataAttributes } from './dataAttributes'

export const GOAL_STATUSES = ['planned', 'on_track', 'at_risk', 'met', 'missed'] as const

/** A SMART goal for next month: the measurable fields as attributes, the statement as content. */
export const GoalBlock = Node.create({
  name: 'goal',
  group: 'block',
  content: 'paragraph',
  defining: true,
  addAttributes: () => ({
    ...blockIdAttribute,
    ...dataAttributes({
      metricKey: null,
      unit: null,
      baseline: null,
      target: null,
      direction: null,
      deadline: null,
      owner: null,
      status: null,
    }),
  }),
  parseHTML: () => [{ tag: 'div[data-block=goal]' }],
  renderHTML: ({ HTMLAttributes }) => ['div', mergeAttributes({ 'data-block': 'goal' }, HTMLAttributes), 0],
})
