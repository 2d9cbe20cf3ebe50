import type { BlockCaption } from '../BlockCaption'
import { attrString } from '../../nodes/readAttribute'

/** A metric row is known by its name, else its key. */
export const metricRowCaption: BlockCaption = (node) => (attrString(node.attrs.name) ?? '').trim() || (attrString(node.attrs.key) ?? '').trim()
