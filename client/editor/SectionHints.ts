import { Extension } from '@tiptap/core'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import { Decoration, DecorationSet } from '@tiptap/pm/view'
import type { Locale } from '@schema/templates/ReportTemplate'
import { sectionHint } from '@schema/templates/sectionHint'

export interface SectionHintsOptions {
  templateKey: string
  locale: Locale
}

/**
 * Empty paragraphs inside a section show that section's hint from the
 * template (`data-placeholder`, drawn by CSS). Decorations only: the hint is
 * never part of the document. Computed from the state being drawn, not from
 * `editor.state`, which lags behind during a transaction.
 */
export const SectionHints = Extension.create<SectionHintsOptions>({
  name: 'sectionHints',

  addOptions() {
    return { templateKey: 'monthly-ops', locale: 'zh-CN' }
  },

  addProseMirrorPlugins() {
    const { templateKey, locale } = this.options
    return [
      new Plugin({
        key: new PluginKey('sectionHints'),
        props: {
          decorations: (state) => {
            const decorations: Decoration[] = []
            state.doc.forEach((section, offset) => {
              if (section.type.name !== 'reportSection') return
              const hint = sectionHint(templateKey, section.attrs.key as string, locale)
              if (!hint) return
              section.forEach((child, childOffset) => {
                if (child.type.name === 'paragraph' && child.content.size === 0) {
                  const from = offset + 1 + childOffset
                  decorations.push(
                    Decoration.node(from, from + child.nodeSize, { class: 'is-empty', 'data-placeholder': hint }),
                  )
                }
              })
            })
            return DecorationSet.create(state.doc, decorations)
          },
        },
      }),
    ]
  },
})
