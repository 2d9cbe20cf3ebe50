import type { Editor } from '@tiptap/core'

/**
 * A value read from an editor, shared by every block view of that editor:
 * one `transaction`/`update` listener per editor and value, and the views
 * are told only when the value changed. TipTap's `useEditorState` would
 * subscribe each view to every transaction itself: with 300 blocks that is
 * 300 selectors and equality checks per keystroke, and it measurably slowed
 * the editor's load of a 300-block report (1,000–1,060 → 1,190–1,410 ms,
 * `npx tsx bench/editorLoad.ts`), so block views read through this instead;
 * components that exist once per editor use `useEditorState`.
 */
export class EditorValueStore<T> {
  private readonly listeners = new Set<() => void>()
  private value: T
  /** The value the listeners were last told about (a render may have read a newer one first). */
  private notified: { value: T } | null = null

  /** `read` returns `previous` itself when nothing it cares about changed. */
  constructor(
    private readonly editor: Editor,
    private readonly read: (editor: Editor, previous: T | undefined) => T,
  ) {
    this.value = read(editor, undefined)
  }

  /** The current value; the same object while it is unchanged (a `useSyncExternalStore` snapshot). */
  get = (): T => {
    this.value = this.read(this.editor, this.value)
    return this.value
  }

  private onChange = () => {
    const value = this.get()
    if (this.notified && Object.is(this.notified.value, value)) return
    this.notified = { value }
    for (const listener of [...this.listeners]) listener()
  }

  subscribe = (listener: () => void): (() => void) => {
    if (this.listeners.size === 0) {
      this.editor.on('transaction', this.onChange)
      this.editor.on('update', this.onChange)
    }
    this.listeners.add(listener)
    this.notified ??= { value: this.get() }
    return () => {
      this.listeners.delete(listener)
      if (this.listeners.size === 0) {
        this.editor.off('transaction', this.onChange)
        this.editor.off('update', this.onChange)
      }
    }
  }
}

const stores = new WeakMap<Editor, Map<unknown, EditorValueStore<unknown>>>()

/** The store of `read` for `editor` (one per editor and `read` function: pass a module-level function). */
export function editorValueStore<T>(editor: Editor, read: (editor: Editor, previous: T | undefined) => T): EditorValueStore<T> {
  let byRead = stores.get(editor)
  if (!byRead) stores.set(editor, (byRead = new Map()))
  let store = byRead.get(read) as EditorValueStore<T> | undefined
  if (!store) {
    store = new EditorValueStore(editor, read)
    byRead.set(read, store as EditorValueStore<unknown>)
  }
  return store
}
