import type { JSONContent } from '@tiptap/core'
import { blocks, h, withId, type Child } from '../../jsonNodes'

/** A report section as ProseMirror JSON: its heading first, then blocks (strings become paragraphs; one empty paragraph when none). */
export const reportSectionJson = (key: string, title: string, ...children: Child[]): JSONContent => ({
  type: 'reportSection',
  attrs: withId({ key }),
  content: [h(2, title), ...blocks(children.length > 0 ? children : [''])],
})
