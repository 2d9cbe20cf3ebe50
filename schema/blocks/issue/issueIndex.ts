import type { BlockIndex } from '../../docIndex/DocIndex'
import { attrString } from '../../nodes/readAttribute'

/** An issue is what action items link to. */
export const issueIndex: BlockIndex = (node, index) => {
  index.issues.push({ id: attrString(node.attrs.id) ?? '', title: attrString(node.attrs.title) ?? '' })
}
