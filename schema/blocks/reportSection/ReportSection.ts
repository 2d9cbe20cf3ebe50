import { Node, mergeAttributes } from '@tiptap/core'
import { z } from 'zod'
import { ATTRIBUTE_LIMITS, blockId } from '../../nodes/attributeValue'
import { attrString } from '../../nodes/readAttribute'

/**
 * One section of the report template (重要事件回顾, 数据统计, …): a heading
 * followed by any blocks. `key` ties it to the template (checks and KPIs use
 * it); `id` is the stable block id. Required sections are *not* enforced
 * here: a schema that demands them wipes content on reload. The server
 * checks them before publishing.
 */
export const ReportSection = Node.create({
  name: 'reportSection',
  group: 'block',
  content: 'heading block*',
  defining: true,

  addAttributes() {
    return {
      id: {
        default: null,
        parseHTML: (el) => el.getAttribute('data-id'),
        renderHTML: (attrs) => ({ 'data-id': attrString(attrs.id) }),
      },
      key: {
        default: 'other',
        parseHTML: (el) => el.getAttribute('data-section'),
        renderHTML: (attrs) => ({ 'data-section': attrString(attrs.key) }),
      },
    }
  },

  parseHTML() {
    return [{ tag: 'section[data-section]' }]
  },

  renderHTML({ HTMLAttributes }) {
    return ['section', mergeAttributes({ class: 'report-section' }, HTMLAttributes), 0]
  },
})

/** The section's fields as they may be stored: `key` names a template section (letters, digits, _ and -). */
export const reportSectionAttributes = z.object({
  id: blockId,
  key: z
    .string()
    .max(ATTRIBUTE_LIMITS.key)
    .regex(/^[A-Za-z0-9_-]+$/, 'must be a section key (letters, digits, _ and -)')
    .nullable(),
})
