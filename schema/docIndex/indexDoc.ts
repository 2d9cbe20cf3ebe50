import type { Node as PMNode } from '@tiptap/pm/model'
import { blockDefinition } from '../blocks/blockRegistry'
import { emptyDocIndex, type DocIndex } from './DocIndex'

const cache = new WeakMap<PMNode, DocIndex>()

/** The index of a ProseMirror document, from each block's `index`: walks blocks only (never into text), once per document version. */
export function indexDoc(doc: PMNode): DocIndex {
  const hit = cache.get(doc)
  if (hit) return hit
  const index = emptyDocIndex()
  doc.descendants((node) => {
    if (node.isTextblock) return false
    blockDefinition(node.type.name)?.index?.(node.attrs, index, node)
    return true
  })
  cache.set(doc, index)
  return index
}
