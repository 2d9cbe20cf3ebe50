import type { JSONContent } from '@tiptap/core'
import { blocks, withId, type Attrs, type Child } from '../../jsonNodes'

/** A customer feedback summary as ProseMirror JSON: its themes, then its summary paragraphs (one, empty, when none). */
export const feedbackSummaryJson = (attrs: Attrs, themes: JSONContent[], ...summary: Child[]): JSONContent => ({
  type: 'feedbackSummary',
  attrs: withId(attrs),
  content: [...themes, ...blocks(summary.length > 0 ? summary : [''])],
})
