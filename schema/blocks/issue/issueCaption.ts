import type { BlockCaption } from '../BlockCaption'
import { attrString } from '../../nodes/readAttribute'

/** An issue is known by its title. */
export const issueCaption: BlockCaption = (node) => (attrString(node.attrs.title) ?? '').trim()
