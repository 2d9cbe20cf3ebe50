import type { BlockBlank } from '../../templates/BlockBlank'
import { actionItemJson } from './actionItemJson'

/** A new action item: to do, no owner or due date yet. */
export const actionItemBlank: BlockBlank = (_locale, seed) => actionItemJson({ ...seed?.attrs })
