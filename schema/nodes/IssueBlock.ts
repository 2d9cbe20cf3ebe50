import { Node, mergeAttributes } from '@tiptap/core'
import { blockIdAttribute, dataAttributes } from './dataAttributes'

export const ISSUE_SEVERITIES = ['critical', 'high', 'medium', 'low'] as const
export const ISSUE_STATUSES = ['open', 'monitoring', 'resolved'] as const

/** A problem of the month: fields as attributes, the description as content. */
export const IssueBlock = Node.create({
  name: 'issue',
  group: 'block',
  content: 'paragraph+',
  defining: true,
  addAttributes: () => ({
    ...blockIdAttribute,
    ...dataAttributes({ title: null, severity: null, owner: null, status: null, category: null, rootCause: null }),
  }),
  parseHTML: () => [{ tag: 'div[data-block=issue]' }],
  renderHTML: ({ HTMLAttributes }) => ['div', mergeAttributes({ 'data-block': 'issue' }, HTMLAttributes), 0],
})
