import { Node, mergeAttributes } from '@tiptap/core'
import { z } from 'zod'
import { ATTRIBUTE_LIMITS as L, blockId, jsonText, text, timestamp } from '../../nodes/attributeValue'
import { blockIdAttribute, dataAttributes } from '../../nodes/dataAttributes'

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
  addAttributes: () => ({ ...blockIdAttribute, ...dataAttributes({ scope: null, values: null, computedAt: null }, () => kpiBlockAttributes) }),
  parseHTML: () => [{ tag: 'div[data-block=kpi]' }],
  renderHTML: ({ HTMLAttributes }) => ['div', mergeAttributes({ 'data-block': 'kpi' }, HTMLAttributes)],
})

/** The KPI block's fields as they may be stored: `values` is the server's JSON (attributeSchemas.ts). */
export const kpiBlockAttributes = z.object({
  id: blockId,
  scope: text(L.key),
  values: jsonText(L.json),
  computedAt: timestamp,
})
