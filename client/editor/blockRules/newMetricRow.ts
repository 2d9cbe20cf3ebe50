import type { Editor } from '@tiptap/core'
import type { Node as PMNode } from '@tiptap/pm/model'
import { metric } from '@schema/docBuilder'
import { metricKeysIn, newMetricKey } from '@schema/metricKey'

/**
 * A new, empty metric row for `editor`'s document, as the document builder
 * makes one (a new id, direction `higher`, shown and stored alike) with a
 * generated key unique in the document.
 */
export function newMetricRow(editor: Editor): PMNode {
  return editor.schema.nodeFromJSON(metric({ key: newMetricKey(metricKeysIn(editor.state.doc)) }))
}
