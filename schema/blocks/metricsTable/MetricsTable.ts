import { Node, mergeAttributes } from '@tiptap/core'
import { z } from 'zod'
import { ATTRIBUTE_LIMITS as L, blockId, text } from '../../nodes/attributeValue'
import { blockIdAttribute, dataAttributes } from '../../nodes/dataAttributes'

/**
 * A metrics table: one `metricRow` node per metric, never a list inside one
 * attribute (concurrent edits of one attribute are last-writer-wins in Yjs).
 */
export const MetricsTable = Node.create({
  name: 'metricsTable',
  group: 'block',
  content: 'metricRow+',
  isolating: true,
  addAttributes: () => ({ ...blockIdAttribute, ...dataAttributes({ title: null }, () => metricsTableAttributes) }),
  parseHTML: () => [{ tag: 'table[data-block=metrics]' }],
  renderHTML: ({ HTMLAttributes }) => ['table', mergeAttributes({ 'data-block': 'metrics' }, HTMLAttributes), ['tbody', 0]],
})

/** The table's fields as they may be stored (attributeSchemas.ts). */
export const metricsTableAttributes = z.object({ id: blockId, title: text(L.line) })
