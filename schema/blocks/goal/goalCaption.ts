import type { BlockCaption } from '../BlockCaption'
import { clipText } from '../clipText'

/** A goal is known by (the start of) its statement. */
export const goalCaption: BlockCaption = (node) => clipText(node)
