import * as Y from 'yjs'
import { newBlockId } from '@schema/blockId'
import { reportSchema } from '@schema/reportSchema'

/** Transaction origin of the server's own quarantine edits. */
export const QUARANTINE_ORIGIN = 'server:quarantine'

const known = (name: string) => Object.hasOwn(reportSchema.nodes, name)

/** Whether a (decoded, not yet applied) update creates elements the schema does not know. */
export function createsUnknownElements(structs: ReturnType<typeof Y.decodeUpdate>['structs']): boolean {
  for (const struct of structs) {
    if (struct instanceof Y.Item && struct.content instanceof Y.ContentType) {
      const type = struct.content.type
      if (type instanceof Y.XmlElement && !known(type.nodeName)) return true
    }
  }
  return false
}

function collectUnknown(parent: Y.XmlFragment | Y.XmlElement, out: Y.XmlElement[]): void {
  for (const child of parent.toArray()) {
    if (!(child instanceof Y.XmlElement)) continue
    if (known(child.nodeName)) collectUnknown(child, out)
    else out.push(child)
  }
}

/**
 * Replaces every element of `fragment` whose node type the schema does not
 * know by a `quarantine` block holding its type and raw XML. Editors would
 * otherwise delete such elements (y-tiptap drops what it cannot map), so the
 * server does this before any editor sees them. Returns what was quarantined.
 */
export function quarantineUnknown(fragment: Y.XmlFragment): { originalType: string; id: string }[] {
  const unknown: Y.XmlElement[] = []
  collectUnknown(fragment, unknown)
  if (unknown.length === 0) return []
  const done: { originalType: string; id: string }[] = []
  const at = new Date().toISOString()
  fragment.doc!.transact(() => {
    for (const el of unknown) {
      const parent = el.parent as Y.XmlFragment | Y.XmlElement
      const index = parent.toArray().indexOf(el)
      const block = new Y.XmlElement('quarantine')
      const id = newBlockId()
      block.setAttribute('id', id)
      block.setAttribute('originalType', el.nodeName)
      block.setAttribute('raw', el.toString())
      block.setAttribute('quarantinedAt', at)
      parent.insert(index, [block])
      parent.delete(index + 1, 1)
      done.push({ originalType: el.nodeName, id })
    }
  }, QUARANTINE_ORIGIN)
  return done
}
