import { useContext, useSyncExternalStore } from 'react'
import type { Editor } from '@tiptap/core'
import type { ReportDetail, ReportMember } from '../../api/apiClient'
import { ReportContext } from '../ReportContext'

export interface BlockEnv {
  /** False when the report is read-only for this user or the editor is not editable: views render read-only. */
  editable: boolean
  members: ReportMember[]
  report: ReportDetail | null
}

/** One listener per editor for `isEditable`, telling the views only when it changes. */
class EditableStore {
  private readonly listeners = new Set<() => void>()
  private last: boolean

  constructor(private readonly editor: Editor) {
    this.last = editor.isEditable
  }

  get = (): boolean => this.editor.isEditable

  private onChange = () => {
    const editable = this.editor.isEditable
    if (editable === this.last) return
    this.last = editable
    for (const listener of [...this.listeners]) listener()
  }

  subscribe = (listener: () => void): (() => void) => {
    if (this.listeners.size === 0) {
      this.last = this.editor.isEditable
      this.editor.on('update', this.onChange)
      this.editor.on('transaction', this.onChange)
    }
    this.listeners.add(listener)
    return () => {
      this.listeners.delete(listener)
      if (this.listeners.size === 0) {
        this.editor.off('update', this.onChange)
        this.editor.off('transaction', this.onChange)
      }
    }
  }
}

const stores = new WeakMap<Editor, EditableStore>()

function editableStore(editor: Editor): EditableStore {
  let store = stores.get(editor)
  if (!store) {
    store = new EditableStore(editor)
    stores.set(editor, store)
  }
  return store
}

/**
 * What every block view needs from around it. Tolerates a missing
 * ReportContext (an editor mounted without a report, e.g. in a test page),
 * and follows `editor.setEditable`, which emits `update` but no transaction.
 */
export function useBlockEnv(editor: Editor): BlockEnv {
  const context = useContext(ReportContext)
  const store = editableStore(editor)
  const editorEditable = useSyncExternalStore(store.subscribe, store.get)
  return {
    editable: editorEditable && (context?.editable ?? true),
    members: context?.members ?? [],
    report: context?.report ?? null,
  }
}
