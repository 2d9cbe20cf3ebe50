import type { JSONContent } from '@tiptap/core'
import { p, withId, type Attrs } from '../../jsonNodes'

/** A goal as ProseMirror JSON: direction `higher` and status `planned` unless given, its statement in one paragraph. */
export const goalJson = (attrs: Attrs, statement = ''): JSONContent => ({
  type: 'goal',
  attrs: withId({ direction: 'higher', status: 'planned', ...attrs }),
  content: [p(statement)],
})
