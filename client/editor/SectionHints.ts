import { Extension } from '@tiptap/core'
import type { Node as PMNode } from '@tiptap/pm/model'
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
    /** Offsets (inside the section) and sizes of a section's empty paragraphs, per section node: unchanged sections are not scanned again. */
    const emptyParagraphs = new WeakMap<PMNode, { offset: number; size: number }[]>()
    const sectionEmpties = (section: PMNode) => {
      let hit = emptyParagraphs.get(section)
      if (!hit) {
        hit = []
        const found = hit
        section.forEach((child, childOffset) => {
          if (child.type.name === 'paragraph' && child.content.size === 0) found.push({ offset: childOffset, size: child.nodeSize })
        })
        emptyParagraphs.set(section, found)
      }
      return hit
    }
    /** One decoration set per document version (selection and cursor-only transactions reuse it). */
    const byDoc = new WeakMap<PMNode, DecorationSet>()
    return [
      new Plugin({
        key: new PluginKey('sectionHints'),
        props: {
          decorations: (state) => {
            const cached = byDoc.get(state.doc)
            if (cached) return cached
            const decorations: Decoration[] = []
            state.doc.forEach((section, offset) => {
              if (section.type.name !== 'reportSection') return
              const empties = sectionEmpties(section)
              if (empties.length === 0) return
              const hint = sectionHint(templateKey, section.attrs.key as string, locale)
              if (!hint) return
              for (const { offset: childOffset, size } of empties) {
                const from = offset + 1 + childOffset
                decorations.push(Decoration.node(from, from + size, { class: 'is-empty', 'data-placeholder': hint }))
              }
            })
            const set = DecorationSet.create(state.doc, decorations)
            byDoc.set(state.doc, set)
            return set
          },
        },
      }),
    ]
  },
})
