import { Node, mergeAttributes } from '@tiptap/core'
import { z } from 'zod'
import { ATTRIBUTE_LIMITS as L, blockId, text, timestamp } from '../../nodes/attributeValue'
import { blockIdAttribute, dataAttributes } from '../../nodes/dataAttributes'
import { attrString } from '../../nodes/readAttribute'

/**
 * Content this schema does not know (from an older client or a bad peer),
 * kept by the server as its raw XML instead of being deleted. Shown to
 * people, reported by the publish check, never silently dropped.
 */
export const QuarantineBlock = Node.create({
  name: 'quarantine',
  group: 'block',
  atom: true,
  selectable: true,
  addAttributes: () => ({ ...blockIdAttribute, ...dataAttributes({ originalType: null, raw: null, quarantinedAt: null }, () => quarantineAttributes) }),
  parseHTML: () => [{ tag: 'div[data-block=quarantine]' }],
  renderHTML: ({ node, HTMLAttributes }) => [
    'div',
    mergeAttributes({ 'data-block': 'quarantine' }, HTMLAttributes),
    ['pre', {}, attrString(node.attrs.raw) ?? ''],
  ],
})

/** The quarantine's fields as they may be stored: `raw` may be as large as a socket frame (attributeSchemas.ts). */
export const quarantineAttributes = z.object({
  id: blockId,
  originalType: text(L.line),
  raw: text(L.raw),
  quarantinedAt: timestamp,
})
