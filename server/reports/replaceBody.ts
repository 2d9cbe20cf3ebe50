import type { Node as PMNode } from '@tiptap/pm/model'
import { updateYFragment } from '@tiptap/y-tiptap'
import { findDocumentAttributeProblem } from '@schema/nodes/attributeSchemas'
import { BODY_FIELD } from '@schema/reportSchema'
import type { Room } from '../collab/Room'
import { badRequest } from '../errors'

/** Transaction origin of body writes made through REST (content PUT, restore). */
export const REST_ORIGIN = 'server:rest'

/**
 * Makes the live body equal to `doc`, as one Yjs transaction of the server:
 * persisted and relayed like any edit. y-tiptap's own diffing update is used,
 * so unchanged blocks keep their Yjs items (and comment anchors inside them).
 */
export function replaceBody(room: Room, doc: PMNode): void {
  // Callers parse with parseReportDocument; this is the write itself, so it checks again.
  const problem = findDocumentAttributeProblem(doc.toJSON())
  if (problem) throw badRequest(`The content does not fit the report schema: ${problem}`)
  const fragment = room.doc.getXmlFragment(BODY_FIELD)
  room.doc.transact(() => {
    updateYFragment(room.doc, fragment, doc, { mapping: new Map(), isOMark: new Map() })
  }, REST_ORIGIN)
}
