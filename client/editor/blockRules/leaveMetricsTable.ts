import type { Editor } from '@tiptap/core'
import { Selection, TextSelection } from '@tiptap/pm/state'

/**
 * ↑ in a cell of a table's first row, ↓ in one of its last row: the caret
 * leaves the table for the text above or below it (or the block there,
 * selected as a node), never for another input of the page. Below a table that ends its section a new empty paragraph is
 * made (as ProseMirror's `exitCode` does), so there is always a way out.
 * `rowPos` is the position of the row the key was pressed in.
 */
export function leaveMetricsTable(editor: Editor, rowPos: number, dir: 1 | -1): boolean {
  const left = editor
    .chain()
    .command(({ tr, state }) => {
      const $row = state.doc.resolve(rowPos)
      if ($row.parent.type.name !== 'metricsTable' || $row.depth < 1) return false
      const tablePos = $row.before()
      const after = tablePos + $row.parent.nodeSize
      // The nearest place beyond the table: the start (end) of the text below (above), or the block there selected as a node.
      const $edge = state.doc.resolve(dir < 0 ? tablePos : after)
      const paragraph = state.schema.nodes.paragraph
      if (dir > 0 && !$edge.nodeAfter && paragraph && $edge.parent.canReplaceWith($edge.index(), $edge.index(), paragraph)) {
        tr.insert(after, paragraph.create())
        tr.setSelection(TextSelection.create(tr.doc, after + 1))
        return true
      }
      const beyond = Selection.findFrom($edge, dir)
      if (!beyond) return false
      tr.setSelection(beyond)
      return true
    })
    .scrollIntoView()
    .run()
  // Focused now, not on the next frame as TipTap's focus command does: a key pressed right after
  // this one must reach the editor, not the cell it is leaving.
  if (left) editor.view.focus()
  return left
}
