import { useRef, useSyncExternalStore } from 'react'
import type { Editor } from '@tiptap/core'
import type { Node as PMNode } from '@tiptap/pm/model'

/** One listener per editor, telling subscribers only when the document changed (not on selection or cursor-only transactions). */
class DocStore {
  private readonly listeners = new Set<() => void>()
  private doc: PMNode

  constructor(private readonly editor: Editor) {
    this.doc = editor.state.doc
  }

  private onChange = () => {
    const doc = this.editor.state.doc
    if (doc === this.doc) return
    this.doc = doc
    for (const listener of [...this.listeners]) listener()
  }

  subscribe = (listener: () => void): (() => void) => {
    if (this.listeners.size === 0) {
      this.doc = this.editor.state.doc
      this.editor.on('transaction', this.onChange)
      this.editor.on('update', this.onChange)
    }
    this.listeners.add(listener)
    return () => {
      this.listeners.delete(listener)
      if (this.listeners.size === 0) {
        this.editor.off('transaction', this.onChange)
        this.editor.off('update', this.onChange)
      }
    }
  }
}

const stores = new WeakMap<Editor, DocStore>()

function docStore(editor: Editor): DocStore {
  let store = stores.get(editor)
  if (!store) {
    store = new DocStore(editor)
    stores.set(editor, store)
  }
  return store
}

/**
 * A value derived from the editor's document (and what depends on it only,
 * like a node view's position), computed once per document version and
 * re-rendering only when it changes (by `Object.is`): return primitives.
 */
export function useDocSelector<T>(editor: Editor, select: (doc: PMNode) => T): T {
  const store = docStore(editor)
  const last = useRef<{ doc: PMNode; select: (doc: PMNode) => T; value: T } | null>(null)
  const getSnapshot = () => {
    const doc = editor.state.doc
    const prev = last.current
    if (prev && prev.doc === doc && prev.select === select) return prev.value
    const value = select(doc)
    last.current = { doc, select, value }
    return value
  }
  return useSyncExternalStore(store.subscribe, getSnapshot)
}
