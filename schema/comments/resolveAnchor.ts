import * as Y from 'yjs'
import type { Node as PMNode } from '@tiptap/pm/model'
import { relativePositionToAbsolutePosition } from '@tiptap/y-tiptap'
import type { CommentAnchor, RelativePositionJSON } from './CommentAnchor'

/** y-tiptap's map from Yjs types to the ProseMirror nodes built from them (not exported by name). */
export type ProsemirrorMapping = Parameters<typeof relativePositionToAbsolutePosition>[3]

/**
 * A ProseMirror document together with the Y.Doc it was built from and the
 * y-tiptap mapping between them. In the editor: the ySyncPlugin state
 * (`doc`, `type`, `binding.mapping`) and `editor.state.doc`; elsewhere (tests,
 * server): `initProseMirrorDoc(fragment, schema)`.
 */
export interface AnchorDocument {
  ydoc: Y.Doc
  fragment: Y.XmlFragment
  doc: PMNode
  mapping: ProsemirrorMapping
}

/** Where an anchor is now: a range of the ProseMirror document, or gone. */
export type AnchorResolution =
  | { status: 'anchored'; kind: 'text' | 'block'; from: number; to: number }
  | { status: 'orphaned' }

const ORPHANED: AnchorResolution = { status: 'orphaned' }

/** A relative position as an absolute ProseMirror position, or null when this document cannot place it. */
export function relativeToAbsolute(json: RelativePositionJSON, at: AnchorDocument): number | null {
  try {
    return relativePositionToAbsolutePosition(at.ydoc, at.fragment, Y.createRelativePositionFromJSON(json), at.mapping)
  } catch {
    // A position from another document, or items this replica does not hold yet.
    return null
  }
}

/** The block with `id` and its position, if it is in the document. */
export function findBlock(doc: PMNode, id: string): { node: PMNode; pos: number } | null {
  if (id === '') return null
  let found: { node: PMNode; pos: number } | null = null
  doc.descendants((node, pos) => {
    if (found) return false
    if (node.attrs.id === id) {
      found = { node, pos }
      return false
    }
    return !node.isTextblock
  })
  return found
}

/** The first occurrence of `quote` inside one textblock of `block` (at `pos`), as a range. */
function findQuote(block: PMNode, pos: number, quote: string): { from: number; to: number } | null {
  if (quote === '') return null
  let found: { from: number; to: number } | null = null
  const search = (node: PMNode, at: number) => {
    if (found) return false
    if (node.isTextblock) {
      // Inline leaves (hard breaks) count as one character, so an index in this text is an offset in the node.
      const index = node.textBetween(0, node.content.size, undefined, '\ufffc').indexOf(quote)
      if (index >= 0) found = { from: at + 1 + index, to: at + 1 + index + quote.length }
      return false
    }
    return true
  }
  if (block.isTextblock) search(block, pos)
  else block.descendants((node, offset) => search(node, pos + 1 + offset))
  return found
}

/**
 * Where `anchor` is in `at` now. The same function runs in the editor
 * (highlights, sidebar order) and in tests against plain Y.Docs.
 *
 * - Text anchors: both relative positions resolve → the range between them;
 *   collapsed (the text was deleted) → orphaned. When they cannot be
 *   resolved here, the quote is looked for in the anchor's block.
 * - Block anchors (no relative positions): the block, while it exists.
 */
export function resolveAnchor(anchor: CommentAnchor, at: AnchorDocument): AnchorResolution {
  const size = at.doc.content.size
  if (anchor.relStart && anchor.relEnd) {
    const from = relativeToAbsolute(anchor.relStart, at)
    const to = relativeToAbsolute(anchor.relEnd, at)
    if (from !== null && to !== null) {
      if (from < to && from >= 0 && to <= size) return { status: 'anchored', kind: 'text', from, to }
      return ORPHANED
    }
  }
  const block = findBlock(at.doc, anchor.blockId)
  if (!block) return ORPHANED
  if (anchor.relStart || anchor.relEnd) {
    const range = findQuote(block.node, block.pos, anchor.quote)
    return range ? { status: 'anchored', kind: 'text', ...range } : ORPHANED
  }
  return { status: 'anchored', kind: 'block', from: block.pos, to: block.pos + block.node.nodeSize }
}
