/**
 * The explicit acts on one structured block, behind its block menu: move up
 * or down, duplicate (the copy and every block inside it get fresh ids),
 * delete (the only way a block is removed, see BlockGuard.ts) and restore a
 * deleted block with its id. Pure functions of the editor state, so the
 * menu's buttons can ask whether an act is possible before offering it.
 */
import type { Editor, JSONContent } from '@tiptap/core'
import { Fragment, type Node as PMNode } from '@tiptap/pm/model'
import { NodeSelection, type Transaction } from '@tiptap/pm/state'
import { newBlockId } from '@schema/blockId'
import { metricKeysIn, withMetricKeys } from '@schema/blocks/metricsTable/metricKey'
import { BLOCK_TYPES } from '@schema/reportExtensions'
import { allowBlockRemoval } from '../BlockGuard'

/** A deleted block, enough to put it back where it was, with its id. */
export interface DeletedBlock {
  node: JSONContent
  type: string
  /** Id of the block that held it (a section, a metrics table, a feedback summary). */
  parentId: string
  index: number
}

/** The block at `pos` (its start), if it is a structured block other than a section. */
function blockAt(doc: PMNode, pos: number): PMNode | null {
  if (pos < 0 || pos >= doc.content.size) return null
  const node = doc.nodeAt(pos)
  return node && BLOCK_TYPES.has(node.type.name) && node.type.name !== 'reportSection' ? node : null
}

/**
 * Where the block at `pos` goes when moved by `dir`: past its neighbour in
 * the same parent, or, at the edge of a section, to the end of the section
 * before (the start of the section after, below its heading). Null when it
 * cannot move that way (first row of a table, last block of the last section).
 */
function moveTarget(doc: PMNode, pos: number, dir: -1 | 1): number | null {
  const node = blockAt(doc, pos)
  if (!node) return null
  const $pos = doc.resolve(pos)
  const parent = $pos.parent
  const index = $pos.index()
  const neighbourIndex = index + dir
  const neighbour = neighbourIndex >= 0 && neighbourIndex < parent.childCount ? parent.child(neighbourIndex) : null
  const crossesSection = parent.type.name === 'reportSection' && (!neighbour || (dir < 0 && neighbourIndex === 0))
  if (!crossesSection) {
    if (!neighbour) return null
    const children: PMNode[] = []
    parent.forEach((c) => children.push(c))
    ;[children[index], children[neighbourIndex]] = [children[neighbourIndex]!, children[index]!]
    if (!parent.type.validContent(Fragment.from(children))) return null
    return dir < 0 ? pos - neighbour.nodeSize : pos + node.nodeSize + neighbour.nodeSize
  }
  // Into the section before or after, across the section boundary.
  const sectionDepth = $pos.depth
  const outer = $pos.node(sectionDepth - 1)
  const sectionIndex = $pos.index(sectionDepth - 1)
  const otherIndex = sectionIndex + dir
  const other = otherIndex >= 0 && otherIndex < outer.childCount ? outer.child(otherIndex) : null
  if (!other || other.type.name !== 'reportSection') return null
  const sectionStart = $pos.before(sectionDepth)
  if (dir < 0) return sectionStart - 1 // before the closing token of the section above
  const otherStart = $pos.after(sectionDepth)
  return otherStart + 1 + other.child(0).nodeSize // below the heading of the section after
}

/** Whether the block at `pos` can move by `dir`. */
export function canMoveBlock(doc: PMNode, pos: number, dir: -1 | 1): boolean {
  return moveTarget(doc, pos, dir) !== null
}

/** Moves the block at `pos` by `dir` (see {@link moveTarget}); it keeps its id. */
export function moveBlock(editor: Editor, pos: number, dir: -1 | 1): boolean {
  const { state } = editor
  const node = blockAt(state.doc, pos)
  const target = moveTarget(state.doc, pos, dir)
  if (!node || target === null) return false
  const tr = state.tr
  if (target < pos) {
    tr.delete(pos, pos + node.nodeSize)
    tr.insert(target, node)
  } else {
    tr.insert(target, node)
    tr.delete(pos, pos + node.nodeSize)
  }
  const placed = target < pos ? target : target - node.nodeSize
  tr.setSelection(NodeSelection.create(tr.doc, placed))
  editor.view.dispatch(tr.scrollIntoView())
  return true
}

/** `node` with a new id on itself and every structured block inside it. */
export function withFreshIds(node: PMNode): PMNode {
  const content: PMNode[] = []
  node.forEach((child) => content.push(withFreshIds(child)))
  const attrs = BLOCK_TYPES.has(node.type.name) ? { ...node.attrs, id: newBlockId() } : node.attrs
  return node.isText ? node : node.type.create(attrs, content.length > 0 ? content : node.content, node.marks)
}

/** Puts a copy of the block at `pos` right after it, with fresh ids and metric keys (and not marked carried over); returns the copy's id. */
export function duplicateBlock(editor: Editor, pos: number): string | null {
  const { state } = editor
  const node = blockAt(state.doc, pos)
  if (!node) return null
  // Fresh ids, and fresh metric keys: two rows sharing a key would be one metric to carry-over and trends.
  let copy = withMetricKeys(withFreshIds(node), metricKeysIn(state.doc), true)
  // A copy is this month's own action, not one carried over from last month.
  if (copy.attrs.carriedFrom) copy = copy.type.create({ ...copy.attrs, carriedFrom: null }, copy.content, copy.marks)
  const $pos = state.doc.resolve(pos)
  if (!$pos.parent.canReplaceWith($pos.index() + 1, $pos.index() + 1, copy.type)) return null
  const tr = state.tr.insert(pos + node.nodeSize, copy)
  editor.view.dispatch(tr.scrollIntoView())
  return copy.attrs.id as string
}

/** Whether the block at `pos` can be deleted (its parent stays valid without it: not the only row of a table). */
export function canDeleteBlock(doc: PMNode, pos: number): boolean {
  if (!blockAt(doc, pos)) return false
  const $pos = doc.resolve(pos)
  return $pos.parent.canReplace($pos.index(), $pos.index() + 1) && typeof $pos.parent.attrs.id === 'string'
}

/** Deletes the block at `pos`, on purpose; returns what {@link restoreBlock} needs to put it back. */
export function deleteBlock(editor: Editor, pos: number): DeletedBlock | null {
  const { state } = editor
  const node = blockAt(state.doc, pos)
  if (!node || !canDeleteBlock(state.doc, pos)) return null
  const $pos = state.doc.resolve(pos)
  const deleted: DeletedBlock = {
    node: node.toJSON() as JSONContent,
    type: node.type.name,
    parentId: $pos.parent.attrs.id as string,
    index: $pos.index(),
  }
  const tr: Transaction = allowBlockRemoval(state.tr.delete(pos, pos + node.nodeSize))
  editor.view.dispatch(tr)
  return deleted
}

/**
 * Puts a deleted block back into its parent at its old index (or the
 * parent's end if it has fewer children now), with its id. False when the
 * parent is gone or no longer accepts it there.
 */
export function restoreBlock(editor: Editor, deleted: DeletedBlock): boolean {
  const { state } = editor
  let parentPos: number | null = null
  state.doc.descendants((node, pos) => {
    if (parentPos !== null) return false
    if (node.attrs.id === deleted.parentId && BLOCK_TYPES.has(node.type.name)) parentPos = pos
    return !node.isTextblock
  })
  if (parentPos === null) return false
  const parent = state.doc.nodeAt(parentPos)!
  const node = state.schema.nodeFromJSON(deleted.node)
  let index = Math.min(deleted.index, parent.childCount)
  // A section's heading stays first.
  if (parent.type.name === 'reportSection') index = Math.max(index, 1)
  if (!parent.canReplaceWith(index, index, node.type)) return false
  let at = parentPos + 1
  for (let i = 0; i < index; i++) at += parent.child(i).nodeSize
  editor.view.dispatch(state.tr.insert(at, node).scrollIntoView())
  return true
}
