import { useCallback, useContext, useSyncExternalStore } from 'react'
import type { Editor } from '@tiptap/core'
import type { ReportDetail, ReportMember } from '../../api/apiClient'
import { ReportContext } from '../ReportContext'

export interface BlockEnv {
  /** False when the report is read-only for this user or the editor is not editable: views render read-only. */
  editable: boolean
  members: ReportMember[]
  report: ReportDetail | null
}

/**
 * What every block view needs from around it. Tolerates a missing
 * ReportContext (an editor mounted without a report, e.g. in a test page),
 * and follows `editor.setEditable`, which emits `update` but no transaction.
 */
export function useBlockEnv(editor: Editor): BlockEnv {
  const context = useContext(ReportContext)
  const subscribe = useCallback(
    (onChange: () => void) => {
      editor.on('update', onChange)
      editor.on('transaction', onChange)
      return () => {
        editor.off('update', onChange)
        editor.off('transaction', onChange)
      }
    },
    [editor],
  )
  const editorEditable = useSyncExternalStore(subscribe, () => editor.isEditable)
  return {
    editable: editorEditable && (context?.editable ?? true),
    members: context?.members ?? [],
    report: context?.report ?? null,
  }
}
