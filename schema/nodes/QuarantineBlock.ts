import { Node, mergeAttributes } from '@tiptap/core'
import { blockIdAttribute, dataAttributes } from './dataAttributes'

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
  addAttributes: () => ({ ...blockIdAttribute, ...dataAttributes({ originalType: null, raw: null, quarantinedAt: null }) }),
  parseHTML: () => [{ tag: 'div[data-block=quarantine]' }],
  renderHTML: ({ node, HTMLAttributes }) => [
    'div',
    mergeAttributes({ 'data-block': 'quarantine' }, HTMLAttributes),
    ['pre', {}, String(node.attrs.raw ?? '')],
  ],
})
