import { Node, mergeAttributes } from '@tiptap/core'
import { z } from 'zod'
import { ATTRIBUTE_LIMITS as L, blockId, choice, text } from '../../nodes/attributeValue'
import { blockIdAttribute, dataAttributes } from '../../nodes/dataAttributes'
import { attrString } from '../../nodes/readAttribute'

/** The fields of one metric, each its own attribute. Numbers are kept as typed (strings). */
export const METRIC_FIELDS = {
  key: null,
  name: null,
  unit: null,
  current: null,
  previous: null,
  target: null,
  /** `higher` or `lower`: which way is better (null: not set). */
  direction: null,
  source: null,
  /** The metric's 口径: how it is counted; carried over month to month. */
  definition: null,
  note: null,
} as const

export type MetricField = keyof typeof METRIC_FIELDS

/** One row of a metrics table. Derived values (MoM, attainment) are computed, never stored here. */
export const MetricRow = Node.create({
  name: 'metricRow',
  atom: true,
  selectable: true,
  addAttributes: () => ({ ...blockIdAttribute, ...dataAttributes({ ...METRIC_FIELDS }, () => metricRowAttributes) }),
  parseHTML: () => [{ tag: 'tr[data-block=metric]' }],
  renderHTML: ({ node, HTMLAttributes }) => [
    'tr',
    mergeAttributes({ 'data-block': 'metric' }, HTMLAttributes),
    ...(['name', 'current', 'previous', 'target', 'unit'] as const).map((f) => ['td', {}, attrString(node.attrs[f]) ?? '']),
  ],
})

/** Which way a metric (or a goal) is better. */
export const DIRECTIONS = ['higher', 'lower'] as const

/** The metric's fields as they may be stored (numbers as typed; attributeSchemas.ts). */
export const metricRowAttributes = z.object({
  id: blockId,
  key: text(L.key),
  name: text(L.line),
  unit: text(L.unit),
  current: text(L.number),
  previous: text(L.number),
  target: text(L.number),
  direction: choice(DIRECTIONS),
  source: text(L.line),
  definition: text(L.paragraph),
  note: text(L.paragraph),
})
