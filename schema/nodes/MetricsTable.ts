import { Node, mergeAttributes } from '@tiptap/core'
import { blockIdAttribute, dataAttributes } from './dataAttributes'

/**
 * A metrics table: one `metricRow` node per metric, never a list inside one
 * attribute (concurrent edits of one attribute are last-writer-wins in Yjs).
 */
export const MetricsTable = Node.create({
  name: 'metricsTable',
  group: 'block',
  content: 'metricRow+',
  isolating: true,
  addAttributes: () => ({ ...blockIdAttribute, ...dataAttributes({ title: null }) }),
  parseHTML: () => [{ tag: 'table[data-block=metrics]' }],
  renderHTML: ({ HTMLAttributes }) => ['table', mergeAttributes({ 'data-block': 'metrics' }, HTMLAttributes), ['tbody', 0]],
})
