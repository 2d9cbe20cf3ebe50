import type { JSONContent } from '@tiptap/core'
import { blocks, withId, type Attrs, type Child } from '../../jsonNodes'

/** An issue as ProseMirror JSON: severity `medium` and status `open` unless given, an (empty) description paragraph. */
export const issueJson = (attrs: Attrs, ...description: Child[]): JSONContent => ({
  type: 'issue',
  attrs: withId({ severity: 'medium', status: 'open', ...attrs }),
  content: blocks(description.length > 0 ? description : ['']),
})
