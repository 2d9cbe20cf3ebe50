import { Node, mergeAttributes } from '@tiptap/core'
import { z } from 'zod'
import { ATTRIBUTE_LIMITS as L, blockId, choice, text } from '../../nodes/attributeValue'
import { blockIdAttribute, dataAttributes } from '../../nodes/dataAttributes'
import { DIRECTIONS } from '../metricsTable/MetricRow'

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
    }, () => goalAttributes),
  }),
  parseHTML: () => [{ tag: 'div[data-block=goal]' }],
  renderHTML: ({ HTMLAttributes }) => ['div', mergeAttributes({ 'data-block': 'goal' }, HTMLAttributes), 0],
})

/** The goal's fields as they may be stored (attributeSchemas.ts). */
export const goalAttributes = z.object({
  id: blockId,
  metricKey: text(L.key),
  unit: text(L.unit),
  baseline: text(L.number),
  target: text(L.number),
  direction: choice(DIRECTIONS),
  deadline: text(L.date),
  owner: text(L.line),
  status: choice(GOAL_STATUSES),
})
