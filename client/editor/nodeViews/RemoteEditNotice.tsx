import type { Editor } from '@tiptap/core'
import { useI18n } from '../../i18n/I18nProvider'
import { useRemoteEdit } from '../viewHooks/useRemoteEdit'

interface Props {
  editor: Editor
  blockId: string
  field: string
  /** Whether this user is editing the field now (its input has focus). */
  isEditing: () => boolean
  /** Writes a value back to the field ("keep mine"). */
  onCommit: (value: string | null) => void
}

/**
 * Under a field: "李娜 刚把它改为 95 · 采用 / 保留我的（90）" when someone else
 * changes the field this user is editing. The field already shows their
 * value (what is stored); "keep mine" writes the value it replaced back.
 */
export function RemoteEditNotice({ editor, blockId, field, isEditing, onCommit }: Props) {
  const { t } = useI18n()
  const { edit, dismiss } = useRemoteEdit(editor, blockId, field, isEditing)
  if (!edit) return null
  const shown = (v: string | null) => (v === null || v === '' ? t('nv.remoteEdit.empty') : v)
  return (
    <div className="nv-remote-edit" role="status" data-testid="remote-edit" data-field={field}>
      <span>{t('nv.remoteEdit', { name: edit.name ?? t('nv.remoteEdit.someone'), value: shown(edit.value) })}</span>
      <button type="button" name="acceptRemote" onClick={dismiss}>
        {t('nv.remoteEdit.accept')}
      </button>
      <button
        type="button"
        name="keepMine"
        className="nv-link-button"
        onClick={() => {
          onCommit(edit.previous)
          dismiss()
        }}
      >
        {t('nv.remoteEdit.keepMine', { value: shown(edit.previous) })}
      </button>
    </div>
  )
}
