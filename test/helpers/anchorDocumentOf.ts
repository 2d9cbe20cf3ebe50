import type * as Y from 'yjs'
import type { Schema } from '@tiptap/pm/model'
import { initProseMirrorDoc } from '@tiptap/y-tiptap'
import { BODY_FIELD } from '@schema/reportSchema'
import type { AnchorDocument } from '@schema/comments/resolveAnchor'

/**
 * The report body of a plain Y.Doc (no editor) as an AnchorDocument, built
 * the way the editor's ySyncPlugin builds it, so anchors resolve to the same
 * positions in a test as in the browser (tests only; the app never needs it).
 */
export function anchorDocumentOf(ydoc: Y.Doc, schema: Schema, field = BODY_FIELD): AnchorDocument {
  const fragment = ydoc.getXmlFragment(field)
  const { doc, mapping } = initProseMirrorDoc(fragment, schema)
  return { ydoc, fragment, doc, mapping }
}
