import { useRef } from 'react'
import { useEditorState } from '@tiptap/react'
import type { Editor } from '@tiptap/core'
import type { Node as PMNode } from '@tiptap/pm/model'

/**
 * A value derived from the editor's document (and what depends on it only,
 * like a node view's position), computed once per document version (not
 * again on selection-only transactions) and re-rendering only when it
 * changes (by `Object.is`): return primitives.
 */
export function useDocSelector<T>(editor: Editor, select: (doc: PMNode) => T): T {
  const last = useRef<{ doc: PMNode; select: (doc: PMNode) => T; value: T } | null>(null)
  return useEditorState({
    editor,
    selector: ({ editor }) => {
      const doc = editor.state.doc
      const prev = last.current
      if (prev && prev.doc === doc && prev.select === select) return prev.value
      const value = select(doc)
      last.current = { doc, select, value }
      return value
    },
    equalityFn: Object.is,
  })
}
