import type { JSONContent } from '@tiptap/core'
import { blockDefinition } from '../blocks/blockRegistry'
import type { ReportIndex } from './ReportIndex'
import { children } from './reportJson'

export type { ReportIndex } from './ReportIndex'

/** Walks the report in document order; each block that indexes itself (its definition's `index`) adds its entry. */
export function indexReport(content: JSONContent): ReportIndex {
  const index: ReportIndex = { metrics: new Map(), issues: new Map(), actionNumbers: new Map() }
  const walk = (node: JSONContent) => {
    if (node.type === 'text') return
    blockDefinition(node.type ?? '')?.exportIndex?.(node, index)
    children(node).forEach(walk)
  }
  walk(content)
  return index
}
