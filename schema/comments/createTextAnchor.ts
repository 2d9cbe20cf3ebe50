import * as Y from 'yjs'
import { absolutePositionToRelativePosition } from '@tiptap/y-tiptap'
import type { Node as PMNode } from '@tiptap/pm/model'
import { MAX_QUOTE_LENGTH, type CommentAnchor, type RelativePositionJSON } from './CommentAnchor'
import type { AnchorDocument } from './resolveAnchor'

/** The id of the innermost block around `pos` that carries one, or '' outside every block. */
export function blockIdAt(doc: PMNode, pos: number): string {
  const $pos = doc.resolve(pos)
  for (let depth = $pos.depth; depth > 0; depth--) {
    const id: unknown = $pos.node(depth).attrs.id
    if (typeof id === 'string' && id !== '') return id
  }
  return ''
}

/**
 * A relative position for `pos` that sticks to the character after it.
 * y-tiptap's positions inside text associate with the character *before*
 * (assoc −1), which would pull text typed just before a quote into the
 * comment; the start of a quote must follow its own first character.
 */
function stickToNext(rel: Y.RelativePosition, ydoc: Y.Doc): Y.RelativePosition {
  const abs = Y.createAbsolutePositionFromRelativePosition(rel, ydoc)
  if (abs && abs.type instanceof Y.XmlText && abs.index < abs.type.length) {
    return Y.createRelativePositionFromTypeIndex(abs.type, abs.index, 0)
  }
  return rel
}

/**
 * The anchor of the text between `from` and `to` (ProseMirror positions of
 * `at.doc`): relative positions that keep to the quoted characters (the
 * start to its first one, the end to its last one, so text typed right
 * before or after the quote stays outside), the block around the start, and
 * the quote itself.
 */
export function createTextAnchor(at: AnchorDocument, from: number, to: number): CommentAnchor {
  if (!(from < to)) throw new RangeError(`an anchor needs a non-empty range, got ${from}–${to}`)
  const start = stickToNext(absolutePositionToRelativePosition(from, at.fragment, at.mapping) as Y.RelativePosition, at.ydoc)
  const end = absolutePositionToRelativePosition(to, at.fragment, at.mapping) as Y.RelativePosition
  return {
    blockId: blockIdAt(at.doc, from),
    quote: at.doc.textBetween(from, to, '\n', ' ').slice(0, MAX_QUOTE_LENGTH),
    relStart: Y.relativePositionToJSON(start) as RelativePositionJSON,
    relEnd: Y.relativePositionToJSON(end) as RelativePositionJSON,
  }
}
