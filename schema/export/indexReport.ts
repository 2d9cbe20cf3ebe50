import type { JSONContent } from '@tiptap/core'
import { blockDefinition } from '../blocks/blockRegistry'
import { emptyDocIndex, type DocIndex } from '../docIndex/DocIndex'
import { children } from './reportJson'

/** The index of a report as JSON (exports, diff): the same entries `indexDoc` gives for its ProseMirror document. */
export function indexReport(content: JSONContent): DocIndex {
  const index = emptyDocIndex()
  const walk = (node: JSONContent) => {
    if (node.type === 'text') return
    blockDefinition(node.type ?? '')?.index?.(node.attrs ?? {}, index, node)
    children(node).forEach(walk)
  }
  walk(content)
  return index
}
