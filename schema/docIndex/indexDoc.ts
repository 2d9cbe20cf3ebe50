import type { Node as PMNode } from '@tiptap/pm/model'
import { blockDefinition } from '../blocks/blockRegistry'
import type { DocIndex } from './DocIndex'

const cache = new WeakMap<PMNode, DocIndex>()

/** The index of a document, from each block's `index`: walks blocks only (never into paragraphs), once per document version. */
export function indexDoc(doc: PMNode): DocIndex {
  const hit = cache.get(doc)
  if (hit) return hit
  const index: DocIndex = { issues: [], metrics: [], actionsByIssue: {} }
  doc.descendants((node) => {
    const add = blockDefinition(node.type.name)?.index
    if (!add) return !node.isTextblock
    add(node, index)
    return false
  })
  cache.set(doc, index)
  return index
}
