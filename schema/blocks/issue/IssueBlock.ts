import { Node, mergeAttributes } from '@tiptap/core'
import { z } from 'zod'
import { ATTRIBUTE_LIMITS as L, blockId, choice, text } from '../../nodes/attributeValue'
import { blockIdAttribute, dataAttributes } from '../../nodes/dataAttributes'

export const ISSUE_SEVERITIES = ['critical', 'high', 'medium', 'low'] as const
export const ISSUE_STATUSES = ['open', 'monitoring', 'resolved'] as const

/**
 * A problem of the month: fields as attributes, the description as content;
 * `carriedFrom` when it is still open from last month's report.
 */
export const IssueBlock = Node.create({
  name: 'issue',
  group: 'block',
  content: 'paragraph+',
  defining: true,
  addAttributes: () => ({
    ...blockIdAttribute,
    ...dataAttributes({ title: null, severity: null, owner: null, status: null, category: null, impact: null, rootCause: null, carriedFrom: null }, () => issueAttributes),
  }),
  parseHTML: () => [{ tag: 'div[data-block=issue]' }],
  renderHTML: ({ HTMLAttributes }) => ['div', mergeAttributes({ 'data-block': 'issue' }, HTMLAttributes), 0],
})

/** The issue's fields as they may be stored (attributeSchemas.ts). */
export const issueAttributes = z.object({
  id: blockId,
  title: text(L.line),
  severity: choice(ISSUE_SEVERITIES),
  owner: text(L.line),
  status: choice(ISSUE_STATUSES),
  category: text(L.line),
  /** 影响范围: who or what the problem reaches (customers, regions, services). */
  impact: text(L.line),
  rootCause: text(L.paragraph),
  carriedFrom: text(L.reference),
})
