import type { Editor } from '@tiptap/core'
import { Selection, TextSelection } from '@tiptap/pm/state'

/**
 * ↑ in a cell of a table's first row, ↓ in one of its last row: the caret
 * leaves the table for the text above or below it, never for another input
 * of the page. Below a table that ends its section a new empty paragraph is
 * made (as ProseMirror's `exitCode` does), so there is always a way out.
 * `rowPos` is the position of the row the key was pressed in.
 */
export function leaveMetricsTable(editor: Editor, rowPos: number, dir: 1 | -1): boolean {
  return editor
    .chain()
    .command(({ tr, state }) => {
      const $row = state.doc.resolve(rowPos)
      if ($row.parent.type.name !== 'metricsTable' || $row.depth < 1) return false
      const tablePos = $row.before()
      const after = tablePos + $row.parent.nodeSize
      if (dir < 0) {
        const above = Selection.findFrom(state.doc.resolve(tablePos), -1, true)
        if (!above) return false
        tr.setSelection(above)
        return true
      }
      const $after = state.doc.resolve(after)
      const next = $after.nodeAfter
      if (next?.isTextblock) {
        tr.setSelection(TextSelection.create(tr.doc, after + 1))
        return true
      }
      const paragraph = state.schema.nodes.paragraph
      const container = $after.parent
      const index = $after.index()
      if (paragraph && container.canReplaceWith(index, index, paragraph)) {
        tr.insert(after, paragraph.create())
        tr.setSelection(TextSelection.create(tr.doc, after + 1))
        return true
      }
      const below = Selection.findFrom($after, 1, true)
      if (!below) return false
      tr.setSelection(below)
      return true
    })
    .focus()
    .scrollIntoView()
    .run()
}
