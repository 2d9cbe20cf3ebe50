import { useEffect, useState } from 'react'
import { createPortal } from 'react-dom'
import type { Editor } from '@tiptap/core'
import { TextSelection } from '@tiptap/pm/state'
import { useI18n } from '../i18n/I18nProvider'
import type { CommentsController } from './CommentsController'
import { CommentIcon } from './CommentIcon'

/**
 * A floating "💬 评论" button below a text selection in the editor. It also
 * works in a read-only editor (reviewers): ProseMirror keeps following the
 * selection there. Pressing it keeps the selection and opens the composer.
 */
export function SelectionCommentButton({ editor, controller, hidden }: { editor: Editor; controller: CommentsController; hidden: boolean }) {
  const { t } = useI18n()
  const [place, setPlace] = useState<{ top: number; left: number } | null>(null)

  useEffect(() => {
    const update = () => {
      if (editor.isDestroyed) return
      const { selection } = editor.state
      if (selection.empty || !(selection instanceof TextSelection) || selection.from === selection.to) {
        setPlace(null)
        return
      }
      const end = editor.view.coordsAtPos(selection.to)
      // Page coordinates: the button scrolls with the text it belongs to.
      setPlace({ top: end.bottom + window.scrollY + 6, left: end.left + window.scrollX })
    }
    update()
    editor.on('selectionUpdate', update)
    editor.on('update', update)
    return () => {
      editor.off('selectionUpdate', update)
      editor.off('update', update)
    }
  }, [editor])

  if (!place || hidden) return null
  return createPortal(
    <button
      type="button"
      className="comment-selection-button"
      data-testid="comment-selection-button"
      style={{ top: place.top, left: place.left }}
      onMouseDown={(e) => e.preventDefault()}
      onClick={() => {
        if (controller.startFromSelection()) setPlace(null)
      }}
    >
      <CommentIcon /> {t('comments.comment')}
    </button>,
    document.body,
  )
}
