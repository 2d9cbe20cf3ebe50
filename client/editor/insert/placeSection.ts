import type { Node as PMNode } from '@tiptap/pm/model'
import { TextSelection, type Transaction } from '@tiptap/pm/state'

/**
 * Inserts a report section at the top level of the document, right after
 * the top-level node holding the cursor of `tr` (the section being edited,
 * or the title), and puts the cursor into the new section's first paragraph
 * (its heading when it has none). Sections never nest.
 */
export function placeSection(tr: Transaction, section: PMNode): boolean {
  const { $from } = tr.selection
  const pos = $from.depth > 0 ? $from.after(1) : tr.selection.to
  const $pos = tr.doc.resolve(pos)
  if (!tr.doc.canReplaceWith($pos.index(0), $pos.index(0), section.type)) return false
  tr.insert(pos, section)
  let cursor: number | null = null
  let heading: number | null = null
  section.forEach((child, offset) => {
    if (cursor === null && child.type.name === 'paragraph') cursor = pos + 1 + offset + 1
    if (heading === null && child.type.name === 'heading') heading = pos + 1 + offset + child.nodeSize - 1
  })
  const target = cursor ?? heading
  if (target !== null) tr.setSelection(TextSelection.create(tr.doc, target))
  tr.scrollIntoView()
  return true
}
