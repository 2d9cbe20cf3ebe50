import type { BlockIndex } from '../../docIndex/DocIndex'
import { attrString } from '../../nodes/readAttribute'

/** An issue is what action items link to, named by its title. */
export const issueIndex: BlockIndex = (attrs, index) => {
  const id = attrString(attrs.id) ?? ''
  const title = attrString(attrs.title) ?? ''
  index.issues.push({ id, title })
  if (id !== '' && !index.issueTitles.has(id)) index.issueTitles.set(id, title)
}
