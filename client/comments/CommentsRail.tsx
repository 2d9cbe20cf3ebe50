import { useI18n } from '../i18n/I18nProvider'
import type { CommentsController } from './CommentsController'
import { useCommentsSnapshot } from './CommentsContext'
import { CommentIcon } from './CommentIcon'

/** The collapsed sidebar: a slim rail with the open-thread count and the unread-mention badge. */
export function CommentsRail({ controller, onExpand }: { controller: CommentsController; onExpand: () => void }) {
  const { t } = useI18n()
  const { threads, unreadMentions } = useCommentsSnapshot(controller)
  const open = threads.filter((th) => !th.resolved).length
  return (
    <aside className="comments-rail" data-testid="comments-rail">
      <button type="button" className="comments-rail__button" onClick={onExpand} title={t('comments.expand')} aria-label={t('comments.expand')}>
        <CommentIcon size={16} />
        <span>{open}</span>
        {unreadMentions > 0 && <span className="comments-unread-badge">@{unreadMentions}</span>}
      </button>
    </aside>
  )
}
