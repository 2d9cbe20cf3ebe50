import type { BlockIndexer } from '../../export/ReportIndex'

/** Actions are numbered #1, #2… in document order. */
export const actionItemExportIndex: BlockIndexer = (node, index) => {
  index.actionNumbers.set(node, index.actionNumbers.size + 1)
}
