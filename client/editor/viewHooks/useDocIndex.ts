import { useEditorState } from '@tiptap/react'
import type { Editor } from '@tiptap/core'
import type { DocIndex } from '@schema/docIndex/DocIndex'
import { indexDoc } from '@schema/docIndex/indexDoc'

export type { DocIndex } from '@schema/docIndex/DocIndex'

/**
 * One part of the document index (schema/docIndex: what each block tells the
 * others), re-rendering the view only when that part changes (a keystroke
 * in a paragraph does not re-render every action item). The index is built
 * once per document version for all views; a part equal to the last one
 * (deep equality) is returned as the same object, so views may compare by reference.
 */
export function useDocIndex<T>(editor: Editor, pick: (index: DocIndex) => T): T {
  return useEditorState({ editor, selector: ({ editor }) => pick(indexDoc(editor.state.doc)) })
}
