import { Node, mergeAttributes } from '@tiptap/core'
import { blockIdAttribute, dataAttributes } from './dataAttributes'

/**
 * KPI values computed by the server and read-only for people. `scope` names
 * what is summarised (`summary`, or a metric key); `values` is the server's
 * JSON of values with provenance. It is one attribute because only the
 * server writes it, as one result; people never edit it.
 */
export const KpiBlock = Node.create({
  name: 'kpiBlock',
  group: 'block',
  atom: true,
  selectable: true,
  draggable: true,
  addAttributes: () => ({ ...blockIdAttribute, ...dataAttributes({ scope: null, values: null, computedAt: null }) }),
  parseHTML: () => [{ tag: 'div[data-block=kpi]' }],
  renderHTML: ({ HTMLAttributes }) => ['div', mergeAttributes({ 'data-block': 'kpi' }, HTMLAttributes)],
})
