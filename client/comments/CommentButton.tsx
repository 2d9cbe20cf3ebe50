import { MAX_QUOTE_LENGTH } from '@schema/comments/CommentAnchor'
import { useI18n } from '../i18n/I18nProvider'
import type { CommentField } from './CommentsController'
import { useCommentsEnv } from './CommentsContext'
import { CommentIcon } from './CommentIcon'

interface Props {
  blockId: string
  /** How the block reads now (title, name, text): shown if the block is later deleted. */
  quote: string
  /** Fields of the block a comment may point at instead of the whole block (metric cells, KPIs). */
  fields?: CommentField[]
}

/**
 * The 💬 action of a block's node view: starts a thread on the block, or on
 * one of its fields (chosen in the sidebar's composer). Absent for people
 * who may not start threads and outside a report.
 */
export function CommentButton({ blockId, quote, fields }: Props) {
  const { t } = useI18n()
  const env = useCommentsEnv()
  if (!env?.canStartThread || blockId === '') return null
  return (
    <button
      type="button"
      className="nv-icon-button comment-block-button"
      data-testid="comment-block-button"
      title={t('comments.blockAction')}
      aria-label={t('comments.blockAction')}
      contentEditable={false}
      // Keep the editor's selection and focus where they are; the composer takes over.
      onMouseDown={(e) => e.preventDefault()}
      onClick={(e) => {
        e.stopPropagation()
        env.controller.startDraft({ anchor: { blockId, quote: quote.slice(0, MAX_QUOTE_LENGTH) }, fields })
      }}
    >
      <CommentIcon />
    </button>
  )
}
