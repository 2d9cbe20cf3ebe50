import type { JSONContent } from '@tiptap/core'
import { inline, withId, type Attrs } from '../../jsonNodes'

/** A feedback theme as ProseMirror JSON: sentiment `neutral` unless given. */
export const feedbackThemeJson = (attrs: Attrs, text = ''): JSONContent => ({
  type: 'feedbackTheme',
  attrs: withId({ sentiment: 'neutral', ...attrs }),
  content: inline([text]),
})
