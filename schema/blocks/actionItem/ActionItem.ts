import { Node, mergeAttributes } from '@tiptap/core'
import { z } from 'zod'
import { ATTRIBUTE_LIMITS as L, blockId, choice, text } from '../../nodes/attributeValue'
import { blockIdAttribute, dataAttributes } from '../../nodes/dataAttributes'

export const ACTION_STATUSES = ['todo', 'doing', 'done', 'blocked'] as const

/**
 * An action: owner, due date (YYYY-MM-DD), status, the id of the issue it
 * fixes, and where it was carried over from; the action text as content.
 */
export const ActionItem = Node.create({
  name: 'actionItem',
  group: 'block',
  content: 'paragraph',
  defining: true,
  addAttributes: () => ({
    ...blockIdAttribute,
    ...dataAttributes({ owner: null, due: null, status: null, issueId: null, carriedFrom: null }, () => actionItemAttributes),
  }),
  parseHTML: () => [{ tag: 'div[data-block=action]' }],
  renderHTML: ({ HTMLAttributes }) => ['div', mergeAttributes({ 'data-block': 'action' }, HTMLAttributes), 0],
})

/** The action's fields as they may be stored (attributeSchemas.ts). */
export const actionItemAttributes = z.object({
  id: blockId,
  owner: text(L.line),
  due: text(L.date),
  status: choice(ACTION_STATUSES),
  issueId: text(L.id),
  carriedFrom: text(L.reference),
})
