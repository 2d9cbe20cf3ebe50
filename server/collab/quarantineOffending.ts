import * as Y from 'yjs'
import { bodyToProseMirror, quarantineAttributes, typeNameOf } from './bodyToProseMirror'

/** Transaction origin of the server's quarantine edits. */
export const QUARANTINE_ORIGIN = 'server:quarantine'

/**
 * Replaces every offending part of the body (offendingBlock.ts: an unknown
 * node type, text with an unknown mark, an attribute value that is no
 * string/number/boolean/null or nests too deeply, one the store could not
 * read, anything that does not convert) by a `quarantine` block holding its
 * type, why, and its raw content (bounded). Editors would otherwise delete
 * such content (y-tiptap drops what it cannot map), and the server's readers
 * fail on it, so the server does this at load and before any editor sees a
 * write that brings it. One transaction. Returns what was quarantined.
 */
export function quarantineOffending(fragment: Y.XmlFragment, maxDepth: number): { originalType: string; id: string; reason: string }[] {
  const { offenses } = bodyToProseMirror(fragment, maxDepth)
  if (offenses.length === 0) return []
  const done: { originalType: string; id: string; reason: string }[] = []
  const at = new Date().toISOString()
  fragment.doc!.transact(() => {
    for (const { target, reason, after } of offenses) {
      const parent = target.parent as Y.XmlFragment | Y.XmlElement | null
      const index = parent ? parent.toArray().indexOf(target) : -1
      if (!parent || index < 0) continue
      const attrs = quarantineAttributes(target, reason, maxDepth, at)
      const block = new Y.XmlElement('quarantine')
      for (const [key, value] of Object.entries(attrs)) block.setAttribute(key, value)
      if (after) {
        // Taken out of a parent that takes no block there (a metrics table's row):
        // its quarantine block follows the nearest ancestor in a place that does.
        const host = after.parent as Y.XmlFragment | Y.XmlElement | null
        const at = host ? host.toArray().indexOf(after) : -1
        if (!host || at < 0) continue
        host.insert(at + 1, [block])
        parent.delete(parent.toArray().indexOf(target), 1)
      } else {
        parent.insert(index, [block])
        parent.delete(index + 1, 1)
      }
      done.push({ originalType: typeNameOf(target), id: attrs.id, reason })
    }
  }, QUARANTINE_ORIGIN)
  return done
}
