import { useEffect, useState, useSyncExternalStore } from 'react'
import type { Editor } from '@tiptap/core'
import { useI18n } from '../../i18n/I18nProvider'
import { restoreBlock } from './blockActions'
import { deletedBlocksOf } from './deletedBlocks'

/** How long the toast offers undo. */
const SHOW_MS = 15_000

/**
 * "已删除 问题 · 撤销" after a block was deleted from its menu. Undo puts the
 * block back where it was, with its id (comments and links find it again).
 * The block menu gives its undo button the focus, so a keyboard user
 * deletes and undoes without a mouse.
 */
export function UndoDeleteToast({ editor }: { editor: Editor }) {
  const { t } = useI18n()
  const store = deletedBlocksOf(editor)
  const deleted = useSyncExternalStore(store.subscribe, store.get)
  const [failed, setFailed] = useState(false)

  useEffect(() => {
    if (!deleted) return
    setFailed(false)
    const timer = setTimeout(() => store.set(null), SHOW_MS)
    return () => clearTimeout(timer)
  }, [deleted, store])

  if (!deleted) return null
  const name = t(`block.name.${deleted.type}` as 'block.name.issue')
  const undo = () => {
    if (restoreBlock(editor, deleted)) {
      store.set(null)
      editor.commands.focus()
    } else setFailed(true)
  }
  return (
    <div className="undo-toast" role="status" aria-live="polite" data-testid="undo-delete-toast">
      <span>{failed ? t('block.restoreFailed') : t('block.deleted', { name })}</span>
      {!failed && (
        <button type="button" className="link" data-testid="undo-delete" onClick={undo}>
          {t('block.undo')}
        </button>
      )}
      <button type="button" className="nv-icon-button" aria-label={t('block.dismiss')} onClick={() => store.set(null)}>
        ✕
      </button>
    </div>
  )
}
