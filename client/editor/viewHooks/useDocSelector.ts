import { useRef, useSyncExternalStore } from 'react'
import type { Editor } from '@tiptap/core'
import type { Node as PMNode } from '@tiptap/pm/model'
import { editorValueStore } from './editorValueStore'

/** The document: views are told when it changed, not on selection- or cursor-only transactions. */
const readDoc = (editor: Editor): PMNode => editor.state.doc

/**
 * A value derived from the editor's document (and what depends on it only,
 * like a node view's position), computed once per document version and
 * re-rendering only when it changes (by `Object.is`): return primitives.
 */
export function useDocSelector<T>(editor: Editor, select: (doc: PMNode) => T): T {
  const store = editorValueStore(editor, readDoc)
  const last = useRef<{ doc: PMNode; select: (doc: PMNode) => T; value: T } | null>(null)
  const getSnapshot = () => {
    const doc = store.get()
    const prev = last.current
    if (prev && prev.doc === doc && prev.select === select) return prev.value
    const value = select(doc)
    last.current = { doc, select, value }
    return value
  }
  return useSyncExternalStore(store.subscribe, getSnapshot)
}
