import type { BlockCaption } from '../BlockCaption'
import { clipText } from '../clipText'

/** An action is known by (the start of) its text. */
export const actionItemCaption: BlockCaption = (node) => clipText(node)
