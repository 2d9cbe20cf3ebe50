import { Extension } from '@tiptap/core'
import { NodeSelection, Plugin, PluginKey, Selection, TextSelection } from '@tiptap/pm/state'
import type { EditorView } from '@tiptap/pm/view'
import { BLOCK_TYPES } from '@schema/reportExtensions'
import { focusFirstCell } from '../blockRules/metricGridNavigation'

/**
 * ↑ / ↓ at the top / bottom line of a text, next to a structured block (or
 * out of one), move the caret by the document, never by the browser. The
 * browser's own caret motion skips blocks drawn without editable text (a
 * metrics table's rows, a KPI block, a chart, a card's field row) and can
 * land far away, in the report's title at the top. Instead:
 * - the caret goes to the nearest place in the block in that direction: its
 *   first (↓) or last (↑) text, or the block itself selected as a node;
 * - a metric row it would select is entered instead: its first cell gets
 *   the focus (the row's own keys move on from there, and out of the table).
 * - from a block selected as a node, the same: the nearest place beyond it.
 * Between two plain texts the browser's motion (which keeps the column) stays.
 */
function handleArrow(view: EditorView, dir: 1 | -1): boolean {
  const { state } = view
  const sel = state.selection
  if (sel instanceof NodeSelection) return moveTo(view, Selection.findFrom(state.doc.resolve(dir < 0 ? sel.from : sel.to), dir))
  if (!(sel instanceof TextSelection) || !sel.$cursor) return false
  const $cursor = sel.$cursor
  if (!view.endOfTextblock(dir < 0 ? 'up' : 'down')) return false
  let crossed = false
  for (let d = $cursor.depth; d > 0; d--) {
    const parent = $cursor.node(d - 1)
    const index = $cursor.index(d - 1)
    const sibling = dir < 0 ? (index > 0 ? parent.child(index - 1) : null) : index < parent.childCount - 1 ? parent.child(index + 1) : null
    if (!sibling) {
      if (BLOCK_TYPES.has(parent.type.name)) crossed = true
      continue
    }
    if (!crossed && !BLOCK_TYPES.has(sibling.type.name)) return false
    const from = dir < 0 ? $cursor.before(d) : $cursor.after(d)
    return moveTo(view, Selection.findFrom(state.doc.resolve(from), dir))
  }
  return false
}

/** Puts the caret at `target`; a metric row is entered (its first cell focused) rather than selected. */
function moveTo(view: EditorView, target: Selection | null): boolean {
  if (!target) return false
  if (target instanceof NodeSelection && target.node.type.name === 'metricRow' && focusFirstCell(view.nodeDOM(target.from))) return true
  view.dispatch(view.state.tr.setSelection(target).scrollIntoView())
  return true
}

export const BlockArrows = Extension.create({
  name: 'blockArrows',
  addProseMirrorPlugins: () => [
    new Plugin({
      key: new PluginKey('blockArrows'),
      props: {
        handleKeyDown(view, event) {
          if (event.shiftKey || event.altKey || event.ctrlKey || event.metaKey || event.isComposing) return false
          if (event.key === 'ArrowUp') return handleArrow(view, -1)
          if (event.key === 'ArrowDown') return handleArrow(view, 1)
          return false
        },
      },
    }),
  ],
})
