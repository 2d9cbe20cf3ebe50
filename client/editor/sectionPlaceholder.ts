import { Placeholder } from '@tiptap/extensions'
import type { Locale } from '@schema/templates/ReportTemplate'
import { sectionHint } from '@schema/templates/sectionHint'

/** Empty paragraphs inside a section show that section's hint from the template. */
export function sectionPlaceholder(templateKey: string, locale: Locale) {
  return Placeholder.configure({
    showOnlyCurrent: false,
    includeChildren: true,
    placeholder: ({ editor, node, pos }) => {
      if (node.type.name !== 'paragraph') return ''
      const $pos = editor.state.doc.resolve(pos)
      for (let depth = $pos.depth; depth > 0; depth--) {
        const ancestor = $pos.node(depth)
        if (ancestor.type.name === 'reportSection') return sectionHint(templateKey, ancestor.attrs.key as string, locale)
      }
      return ''
    },
  })
}
