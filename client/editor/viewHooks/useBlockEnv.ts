import { useContext, useSyncExternalStore } from 'react'
import type { Editor } from '@tiptap/core'
import type { ReportDetail, ReportMember } from '../../api/apiClient'
import { ReportContext } from '../ReportContext'
import { editorValueStore } from './editorValueStore'

export interface BlockEnv {
  /** False when the report is read-only for this user or the editor is not editable: views render read-only. */
  editable: boolean
  members: ReportMember[]
  report: ReportDetail | null
}

const readEditable = (editor: Editor): boolean => editor.isEditable

/**
 * What every block view needs from around it. Tolerates a missing
 * ReportContext (an editor mounted without a report, e.g. in a test page),
 * and follows `editor.setEditable`, which emits `update` but no transaction.
 */
export function useBlockEnv(editor: Editor): BlockEnv {
  const context = useContext(ReportContext)
  const store = editorValueStore(editor, readEditable)
  const editorEditable = useSyncExternalStore(store.subscribe, store.get)
  return {
    editable: editorEditable && (context?.editable ?? true),
    members: context?.members ?? [],
    report: context?.report ?? null,
  }
}
