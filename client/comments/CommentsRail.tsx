import { forwardRef } from 'react'
import { useI18n } from '../i18n/I18nProvider'
import type { CommentsController } from './CommentsController'
import { useCommentsSnapshot } from './CommentsContext'
import { CommentIcon } from './CommentIcon'

interface Props {
  controller: CommentsController
  /** Whether the sidebar is open (a narrow screen keeps the rail as the sheet's opener). */
  expanded: boolean
  onExpand: () => void
}

/** The collapsed sidebar: a slim rail with the open-thread count and the unread-mention badge. */
export const CommentsRail = forwardRef<HTMLButtonElement, Props>(function CommentsRail({ controller, expanded, onExpand }, ref) {
  const { t } = useI18n()
  const { threads, unreadMentions } = useCommentsSnapshot(controller)
  const open = threads.filter((th) => !th.resolved).length
  return (
    <aside className="comments-rail" data-testid="comments-rail">
      <button
        ref={ref}
        type="button"
        className="comments-rail__button"
        data-testid="comments-toggle"
        aria-expanded={expanded}
        aria-controls="comments-sidebar"
        onClick={onExpand}
        title={t('comments.expand')}
        aria-label={t('comments.expand')}
      >
        <CommentIcon size={16} />
        <span className="comments-rail__label">{t('comments.title')}</span>
        <span>{open}</span>
        {unreadMentions > 0 && <span className="comments-unread-badge">@{unreadMentions}</span>}
      </button>
    </aside>
  )
})
