import type { BlockIndexer } from '../../export/ReportIndex'
import { attr, attrText } from '../../export/reportJson'

/** An issue's title by its id: how actions that fix it name it. */
export const issueExportIndex: BlockIndexer = (node, index) => {
  const id = attr(node, 'id')
  if (id && !index.issues.has(id)) index.issues.set(id, attrText(node, 'title'))
}
