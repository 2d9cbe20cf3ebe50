/**
 * No single key at a block's edge unwraps, merges or deletes a structured
 * block, and nothing lands outside the report's sections. Deleting a block
 * is an explicit act (the block menu, see blockActions.ts); everything else
 * that would remove one is refused.
 *
 * Contract:
 * - A local transaction that removes a structured block (one of
 *   BLOCK_TYPES: section, metrics table or row, issue, action, goal,
 *   feedback summary or theme, KPI block, trend chart, quarantine) is
 *   refused: Backspace at the start of an issue's description (which would
 *   lift it out of the card), a join of two actions, select-all and typing,
 *   a cut across blocks. A block counts as removed when its id is gone
 *   from the document, or held by a node of another type; a move (drag,
 *   the menu's up/down) keeps the id and passes.
 * - A local transaction that adds top-level content outside the sections
 *   (see schema/outsideSection.ts) is refused: Enter in the empty last
 *   paragraph of a section would lift it out, after the section.
 * - Transactions marked with {@link allowBlockRemoval} (the block menu's
 *   delete) and changes applied by the y-sync plugin (peers, load, Yjs
 *   undo) pass: the guard is about what this user's keys do.
 * - Keys, before any of that: Backspace at the start of a block's first
 *   text and Delete at the end of its last text do nothing. Backspace in a
 *   text right after a block, or Delete in one right before it, never
 *   merges the text into the block: an empty paragraph is removed, a
 *   non-empty one only moves the cursor into the block.
 * - An input method's composition starting over such a selection (which the
 *   browser, not a transaction, would replace) first collapses it to its head.
 * - Typing is not slowed down: only changes that touch a block's opening or
 *   closing token (never a keystroke inside a text) look for block ids.
 */
import { Extension, combineTransactionSteps, getChangedRanges } from '@tiptap/core'
import type { Node as PMNode, ResolvedPos } from '@tiptap/pm/model'
import { Plugin, PluginKey, Selection, TextSelection, type EditorState, type Transaction } from '@tiptap/pm/state'
import type { EditorView } from '@tiptap/pm/view'
import { BLOCK_TYPES } from '@schema/reportExtensions'
import { outsideSectionIndexes } from '@schema/outsideSection'
import { isYjsChange } from './UniqueBlockIds'

export const blockGuardKey = new PluginKey('blockGuard')

/** Marks `tr` as an explicit removal of blocks (the block menu's delete); the guard lets it pass. */
export function allowBlockRemoval(tr: Transaction): Transaction {
  return tr.setMeta(blockGuardKey, 'allowRemoval')
}

const isGuarded = (node: PMNode) => BLOCK_TYPES.has(node.type.name)

/**
 * Ids (with their node type) of the structured blocks of `oldDoc` whose
 * opening or closing token lies in a range the transaction replaced: the
 * only blocks it can have removed.
 */
function touchedBlocks(oldDoc: PMNode, tr: Transaction): Map<string, string> {
  const touched = new Map<string, string>()
  const ranges = getChangedRanges(combineTransactionSteps(oldDoc, [tr])).map((c) => c.oldRange)
  for (const { from, to } of ranges) {
    if (from === to) continue // a pure insertion removes nothing
    oldDoc.nodesBetween(from, to, (node, pos) => {
      if (!isGuarded(node)) return true
      const end = pos + node.nodeSize
      const opening = from < pos + 1 && to > pos
      const closing = from < end && to > end - 1
      const id = node.attrs.id as string | null
      if ((opening || closing) && id) touched.set(id, node.type.name)
      return true
    })
  }
  return touched
}

/** Whether `tr` removes a structured block that was in `oldDoc` (see the contract above). */
export function removesBlock(oldDoc: PMNode, tr: Transaction): boolean {
  const touched = touchedBlocks(oldDoc, tr)
  if (touched.size === 0) return false
  const still = new Map<string, string>()
  tr.doc.descendants((node) => {
    if (isGuarded(node) && node.attrs.id) still.set(node.attrs.id as string, node.type.name)
    return !node.isTextblock
  })
  for (const [id, type] of touched) if (still.get(id) !== type) return true
  return false
}

/** Whether the guard refuses `tr`, a transaction on `state`. */
export function guardRefuses(state: EditorState, tr: Transaction): boolean {
  if (!tr.docChanged || isYjsChange(tr) || tr.getMeta(blockGuardKey) === 'allowRemoval') return false
  if (outsideSectionIndexes(tr.doc).length > outsideSectionIndexes(state.doc).length) return true
  return removesBlock(state.doc, tr)
}

/**
 * For a cursor at the start (`dir` -1) or end (+1) of its textblock: the
 * block it would merge with. `inside` when the cursor is at the very start
 * (end) of a structured block's first (last) text; `neighbour` with the
 * structured block right before (after) the text at `depth`; null when
 * the key may do its usual work.
 */
function edgeOf($cursor: ResolvedPos, dir: -1 | 1): { kind: 'inside' } | { kind: 'neighbour'; depth: number; block: PMNode } | null {
  if (isGuarded($cursor.parent)) return { kind: 'inside' } // a feedback theme is itself a textblock
  for (let d = $cursor.depth; d > 0; d--) {
    const parent = $cursor.node(d - 1)
    const index = $cursor.index(d - 1)
    const sibling = dir < 0 ? (index > 0 ? parent.child(index - 1) : null) : index < parent.childCount - 1 ? parent.child(index + 1) : null
    if (sibling) return isGuarded(sibling) ? { kind: 'neighbour', depth: d, block: sibling } : null
    if (isGuarded(parent)) return { kind: 'inside' }
  }
  return null
}

/** Backspace (`dir` -1) or Delete (+1) at a block's edge; true when handled (or refused). */
function handleEdgeKey(view: EditorView, dir: -1 | 1): boolean {
  const { state } = view
  const sel = state.selection
  if (!(sel instanceof TextSelection) || !sel.$cursor) return false
  const $cursor = sel.$cursor
  const atEdge = dir < 0 ? $cursor.parentOffset === 0 : $cursor.parentOffset === $cursor.parent.content.size
  if (!atEdge) return false
  const edge = edgeOf($cursor, dir)
  if (!edge) return false
  if (edge.kind === 'inside') return true
  const before = $cursor.before(edge.depth)
  const after = $cursor.after(edge.depth)
  const tr = state.tr
  const container = $cursor.node(edge.depth - 1)
  const index = $cursor.index(edge.depth - 1)
  const emptyText = edge.depth === $cursor.depth && $cursor.parent.content.size === 0
  if (emptyText && container.canReplace(index, index + 1)) {
    // An empty paragraph beside the block goes; the cursor moves into the block.
    tr.delete(before, after)
    tr.setSelection(Selection.near(tr.doc.resolve(before), dir))
  } else {
    // Text is never merged into the block: the cursor moves into it instead.
    const blockEdge = dir < 0 ? before : after
    tr.setSelection(Selection.near(state.doc.resolve(blockEdge), dir))
  }
  view.dispatch(tr.scrollIntoView())
  return true
}

/** Collapses a selection whose removal the guard would refuse to its head (before an input method replaces it). */
function collapseGuardedSelection(view: EditorView): void {
  const { state } = view
  if (!view.editable || state.selection.empty || !guardRefuses(state, state.tr.deleteSelection())) return
  view.dispatch(state.tr.setSelection(Selection.near(state.selection.$head)))
}

/** The ProseMirror plugin (usable without an editor, e.g. in unit tests). */
export function blockGuardPlugin(): Plugin {
  return new Plugin({
    key: blockGuardKey,
    filterTransaction: (tr, state) => !guardRefuses(state, tr),
    props: {
      handleDOMEvents: {
        // An input method (Chinese IME) replaces the selection in the page itself, before any transaction: a
        // selection the guard would not let go (select-all, a range across blocks) is collapsed first, on the
        // IME's keydown ("Process", before anything changes) and again when the composition starts.
        keydown(view, event) {
          if (event.key === 'Process' || event.keyCode === 229) collapseGuardedSelection(view)
          return false
        },
        compositionstart(view) {
          collapseGuardedSelection(view)
          return false
        },
      },
      handleKeyDown(view, event) {
        if (!view.editable || event.isComposing) return false
        if (event.key === 'Backspace') return handleEdgeKey(view, -1)
        if (event.key === 'Delete') return handleEdgeKey(view, 1)
        return false
      },
    },
  })
}

/** The TipTap extension of {@link blockGuardPlugin}. */
export const BlockGuard = Extension.create({
  name: 'blockGuard',
  // Before the keymaps of the nodes and StarterKit, which would join or lift.
  priority: 1000,
  addProseMirrorPlugins: () => [blockGuardPlugin()],
})
