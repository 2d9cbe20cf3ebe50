import type { JSONContent } from '@tiptap/core'
import { p, withId, type Attrs } from '../../jsonNodes'

/** An action item as ProseMirror JSON: status `todo` unless given, its text in one paragraph. */
export const actionItemJson = (attrs: Attrs, text = ''): JSONContent => ({
  type: 'actionItem',
  attrs: withId({ status: 'todo', ...attrs }),
  content: [p(text)],
})
