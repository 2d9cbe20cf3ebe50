/**
 * A published version's server-computed values (BlockServerValues.frozen):
 * the trend charts' own point (the draft's value while it was a draft)
 * becomes a published point of that version, so the frozen chart shows the
 * published series, never "本期草稿".
 */
import type { JSONContent } from '@tiptap/core'
import { blockDefinition } from '../blocks/blockRegistry'

/** A copy of the content with every block's server values as version `version` keeps them; other nodes are shared, not copied. */
export function freezeServerValues<T extends JSONContent>(content: T, version: string): T {
  const visit = (node: JSONContent): JSONContent => {
    let next = node
    const values = node.type ? blockDefinition(node.type)?.serverValues : undefined
    if (values?.frozen) {
      const frozen = values.frozen(node.attrs?.[values.attribute], version)
      if (frozen !== null) next = { ...node, attrs: { ...node.attrs, [values.attribute]: frozen } }
    }
    if (!node.content) return next
    const children = node.content.map(visit)
    return children.some((c, i) => c !== node.content![i]) ? { ...next, content: children } : next
  }
  return visit(content) as T
}
