import { useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react'
import type { Editor } from '@tiptap/core'
import { useEditorState } from '@tiptap/react'
import type { ApiError, PublicUser, ReportMember } from '../api/apiClient'
import { quotaLimitOf } from '../api/quotaLimit'
import { Avatar } from '../components/Avatar'
import { useI18n } from '../i18n/I18nProvider'
import { shownTime } from '../time/instanceTime'
import type { CommentView, ThreadView } from './commentApi'
import { threadOrder } from './CommentHighlights'
import type { CommentField, CommentsController, CommentFilter } from './CommentsController'
import { useCommentsSnapshot, type CommentsEnv } from './CommentsContext'
import { mentionQueryAt, type MentionQuery } from './mentionQuery'

interface Props {
  env: CommentsEnv
  editor: Editor | null
  user: PublicUser
  /** Owners (and admins) may delete anyone's comment. */
  moderator: boolean
  /** Owners, editors (and admins) may move anyone's thread; its author always may. */
  mover: boolean
  members: ReportMember[]
  onCollapse: () => void
}

const orderKey = (order: { id: string; orphaned: boolean }[]) => order.map((o) => `${o.id}:${o.orphaned ? 1 : 0}`).join(',')

/**
 * The review sidebar: threads in document order (orphaned ones last),
 * filtered open / resolved, the composer of a new thread, replies, resolve
 * and reopen, edit and delete, and a badge of the caller's unread mentions.
 * A click on a thread scrolls to its anchor and highlights it.
 */
export function CommentsSidebar({ env, editor, user, moderator, mover, members, onCollapse }: Props) {
  const { t } = useI18n()
  const { controller, canComment } = env
  const snapshot = useCommentsSnapshot(controller)
  const order =
    useEditorState({
      editor,
      selector: ({ editor: e }) => (e ? threadOrder(e.state) : []),
      equalityFn: (a, b) => orderKey(a) === orderKey(b ?? []),
    }) ?? []

  const rank = new Map(order.map((o, i) => [o.id, i]))
  const orphaned = new Set(order.filter((o) => o.orphaned).map((o) => o.id))
  const sorted = [...snapshot.threads].sort(
    (a, b) => (rank.get(a.id) ?? order.length) - (rank.get(b.id) ?? order.length) || a.createdAt.localeCompare(b.createdAt),
  )
  const shown = sorted.filter((th) => th.resolved === (snapshot.filter === 'resolved'))
  const count = (filter: CommentFilter) => snapshot.threads.filter((th) => th.resolved === (filter === 'resolved')).length

  return (
    <aside id="comments-sidebar" className="comments-sidebar" aria-label={t('comments.title')} data-testid="comments-sidebar">
      <header className="comments-head">
        <h3>{t('comments.title')}</h3>
        {snapshot.unreadMentions > 0 && (
          <span className="comments-unread-badge" data-testid="comments-unread" title={t('comments.unreadMentions')}>
            @{snapshot.unreadMentions}
          </span>
        )}
        <button type="button" className="comments-collapse" onClick={onCollapse} title={t('comments.collapse')} aria-label={t('comments.collapse')}>
          »
        </button>
      </header>
      <div className="comments-filter" role="tablist" aria-label={t('comments.filter')}>
        {(['open', 'resolved'] as const).map((filter) => (
          <button
            key={filter}
            type="button"
            role="tab"
            aria-selected={snapshot.filter === filter}
            data-filter={filter}
            className={`comments-filter__tab${snapshot.filter === filter ? ' comments-filter__tab--on' : ''}`}
            onClick={() => controller.setFilter(filter)}
          >
            {t(filter === 'open' ? 'comments.open' : 'comments.resolved')} {count(filter)}
          </button>
        ))}
      </div>
      {!env.canStartThread && canComment && (
        <p className="comments-note" data-testid="comments-locked">
          {t('comments.lockedNew')}
        </p>
      )}
      {!canComment && <p className="comments-note">{t('comments.readOnly')}</p>}
      {snapshot.error && (
        <p className="error comments-note" role="alert">
          {t('comments.error')}
          {snapshot.error}
        </p>
      )}
      {snapshot.draft && <Composer controller={controller} members={members} user={user} fields={snapshot.draft.fields} quote={snapshot.draft.anchor.quote} />}
      {snapshot.loaded && shown.length === 0 && !snapshot.draft && (
        <p className="comments-note" data-testid="comments-empty">
          {/* The hint on how to start a thread only where one can be started (not on a published report, not for a viewer). */}
          {t(snapshot.filter === 'resolved' ? 'comments.emptyResolved' : env.canStartThread ? 'comments.emptyOpen' : 'comments.emptyOpenNoNew')}
        </p>
      )}
      <ol className="comments-list">
        {shown.map((thread) => (
          <li key={thread.id}>
            <ThreadCard
              thread={thread}
              orphaned={orphaned.has(thread.id)}
              active={snapshot.active === thread.id}
              controller={controller}
              canComment={canComment}
              canMove={env.canStartThread && (mover || thread.createdBy === user.id)}
              moderator={moderator}
              user={user}
              members={members}
            />
          </li>
        ))}
      </ol>
    </aside>
  )
}

/** A quota refusal of the server (quota_exceeded with its limit) in the reader's language; null for other errors. */
function quotaMessage(err: unknown, t: ReturnType<typeof useI18n>['t']): string | null {
  const limit = quotaLimitOf(err)
  if (limit === null) return null
  return t((err as ApiError).status === 413 ? 'comments.tooLong' : 'comments.tooMany', { limit })
}

/** Runs an API action, showing its error in place instead of throwing it away. */
function useAction() {
  const { t } = useI18n()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const run = async (action: () => Promise<void>) => {
    setBusy(true)
    setError(null)
    try {
      await action()
      return true
    } catch (err) {
      setError(quotaMessage(err, t) ?? (err as Error).message)
      return false
    } finally {
      setBusy(false)
    }
  }
  return { busy, error, run }
}

/**
 * A textarea with an @提及 picker: typing "@" (also committed by an IME) opens
 * a list of the report's other members, filtered by what follows it; picking
 * one (click, Enter or Tab) writes "@name " in place and records their id,
 * which the server checks is a member. The select does the same without typing.
 */
function CommentInput({
  members,
  user,
  placeholder,
  submitLabel,
  busy,
  onSubmit,
  onCancel,
  autoFocus,
  initial = '',
  testId,
  maxLength,
}: {
  members: ReportMember[]
  user: PublicUser
  placeholder: string
  submitLabel: string
  busy: boolean
  onSubmit: (body: string, mentions: string[]) => Promise<boolean>
  onCancel?: () => void
  autoFocus?: boolean
  initial?: string
  testId: string
  /** The server's MAX_COMMENT_CHARS. */
  maxLength: number
}) {
  const { t } = useI18n()
  const [body, setBody] = useState(initial)
  const [mentions, setMentions] = useState<string[]>([])
  const others = members.filter((m) => m.userId !== user.id)
  const nameOf = (id: string) => members.find((m) => m.userId === id)?.displayName ?? id
  const textRef = useRef<HTMLTextAreaElement>(null)
  /** Where the caret goes once the text a mention was picked into is rendered. */
  const caretAfterRender = useRef<number | null>(null)
  const [typed, setTyped] = useState<MentionQuery | null>(null)
  const [picked, setPicked] = useState(0)
  const matches = typed
    ? others.filter((m) =>
        [m.displayName, m.username].some((n) => (n ?? '').toLowerCase().includes(typed.query.toLowerCase())),
      )
    : []
  const pickerOpen = matches.length > 0

  /** Looks at what was just typed; not while an IME is still composing (its "@" counts once committed). */
  const follow = (el: HTMLTextAreaElement) => {
    const next = mentionQueryAt(el.value, el.selectionStart)
    setTyped(next)
    if (next?.query !== typed?.query || next?.start !== typed?.start) setPicked(0)
  }

  const mention = (id: string) => {
    setMentions((m) => (m.includes(id) ? m : [...m, id]))
  }

  /** Replaces the typed "@query" with "@name " and puts the caret after it. */
  const pick = (id: string) => {
    const el = textRef.current
    if (!typed || !el) return
    const inserted = `@${nameOf(id)} `
    const caret = el.selectionStart
    const next = body.slice(0, typed.start) + inserted + body.slice(Math.max(caret, typed.start + 1 + typed.query.length))
    mention(id)
    setBody(next)
    setTyped(null)
    caretAfterRender.current = typed.start + inserted.length
  }

  // The caret goes after the inserted name as soon as React has written the new text, before the
  // next key is handled: placed a frame later, a key typed in between landed after it and the caret
  // jumped back before that key ("确认" became "认确").
  useLayoutEffect(() => {
    const el = textRef.current
    const at = caretAfterRender.current
    if (!el || at === null) return
    caretAfterRender.current = null
    el.focus()
    el.setSelectionRange(at, at)
  }, [body])

  const submit = async () => {
    const text = body.trim()
    if (text === '' || busy) return
    // A mention whose "@name" was deleted from the text is not sent.
    const kept = mentions.filter((id) => text.includes(`@${nameOf(id)}`))
    if (await onSubmit(text, kept)) {
      setBody('')
      setMentions([])
    }
  }
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.nativeEvent.isComposing) return
    if (pickerOpen) {
      const choice = matches[Math.min(picked, matches.length - 1)]
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault()
        setPicked((i) => (i + (e.key === 'ArrowDown' ? 1 : matches.length - 1)) % matches.length)
        return
      }
      if ((e.key === 'Enter' || e.key === 'Tab') && !e.ctrlKey && !e.metaKey && choice) {
        e.preventDefault()
        pick(choice.userId)
        return
      }
      if (e.key === 'Escape') {
        e.preventDefault()
        setTyped(null)
        return
      }
    }
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault()
      void submit()
    } else if (e.key === 'Escape' && onCancel) onCancel()
  }

  return (
    <div className="comment-input" data-testid={testId}>
      <textarea
        className="comment-input__text"
        value={body}
        placeholder={placeholder}
        aria-label={placeholder}
        autoFocus={autoFocus}
        maxLength={maxLength}
        rows={3}
        ref={textRef}
        role="combobox"
        aria-expanded={pickerOpen}
        aria-autocomplete="list"
        onChange={(e) => {
          setBody(e.target.value)
          if (!(e.nativeEvent as InputEvent).isComposing) follow(e.target)
        }}
        onCompositionEnd={(e) => follow(e.currentTarget)}
        onKeyDown={onKeyDown}
        onBlur={() => setTyped(null)}
      />
      {pickerOpen && (
        <ul className="mention-picker" role="listbox" aria-label={t('comments.mentionPicker')} data-testid="mention-picker">
          {matches.map((m, i) => (
            <li
              key={m.userId}
              role="option"
              aria-selected={i === Math.min(picked, matches.length - 1)}
              data-user-id={m.userId}
              className={`mention-picker__option${i === Math.min(picked, matches.length - 1) ? ' mention-picker__option--on' : ''}`}
              // Keeps the focus (and the caret) in the textarea.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => pick(m.userId)}
            >
              <Avatar name={m.displayName ?? m.userId} color={m.color ?? '#888'} />
              <span className="mention-picker__name">{m.displayName ?? m.userId}</span>
            </li>
          ))}
        </ul>
      )}
      {mentions.length > 0 && (
        <ul className="comment-input__mentions">
          {mentions.map((id) => (
            <li key={id} className="comment-mention-chip">
              @{nameOf(id)}
            </li>
          ))}
        </ul>
      )}
      <div className="comment-input__actions">
        {others.length > 0 && (
          <select
            className="comment-input__mention"
            aria-label={t('comments.mention')}
            name="mention"
            value=""
            onChange={(e) => {
              const id = e.target.value
              if (!id) return
              mention(id)
              setBody((b) => `${b}${b === '' || b.endsWith(' ') ? '' : ' '}@${nameOf(id)} `)
            }}
          >
            <option value="">{t('comments.mention')}</option>
            {others.map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.displayName ?? m.userId}
              </option>
            ))}
          </select>
        )}
        {onCancel && (
          <button type="button" className="link" onClick={onCancel}>
            {t('comments.cancel')}
          </button>
        )}
        <button type="button" className="primary comment-input__submit" disabled={busy || body.trim() === ''} onClick={() => void submit()}>
          {submitLabel}
        </button>
      </div>
    </div>
  )
}

/** The first comment of a new thread, with the quote (and the field choice) it will point at. */
function Composer({
  controller,
  members,
  user,
  fields,
  quote,
}: {
  controller: CommentsController
  members: ReportMember[]
  user: PublicUser
  fields?: CommentField[]
  quote: string
}) {
  const { t } = useI18n()
  const { busy, error, run } = useAction()
  const [field, setField] = useState('')
  const chosen = fields?.find((f) => f.value === field) ?? null
  return (
    <section className="comment-thread comment-composer" data-testid="comment-composer">
      <blockquote className="comment-quote">{(chosen ? chosen.quote : quote) || '—'}</blockquote>
      {fields && fields.length > 0 && (
        <label className="comment-field-choice">
          <span>{t('comments.field')}</span>
          <select name="field" value={field} onChange={(e) => setField(e.target.value)}>
            <option value="">{t('comments.wholeBlock')}</option>
            {fields.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label}
              </option>
            ))}
          </select>
        </label>
      )}
      <CommentInput
        members={members}
        user={user}
        placeholder={t('comments.placeholder')}
        submitLabel={t('comments.submit')}
        busy={busy}
        autoFocus
        testId="comment-new"
        maxLength={controller.getSnapshot().maxCommentChars}
        onSubmit={(body, mentions) => run(() => controller.submitDraft(body, mentions, chosen))}
        onCancel={() => controller.cancelDraft()}
      />
      {error && <p className="error">{error}</p>}
    </section>
  )
}

function ThreadCard({
  thread,
  orphaned,
  active,
  controller,
  canComment,
  canMove,
  moderator,
  user,
  members,
}: {
  thread: ThreadView
  orphaned: boolean
  active: boolean
  controller: CommentsController
  canComment: boolean
  /** May re-anchor the thread (its author, owners, editors; not on a published report). */
  canMove: boolean
  moderator: boolean
  user: PublicUser
  members: ReportMember[]
}) {
  const { t } = useI18n()
  const { busy, error, run } = useAction()
  const classes = [
    'comment-thread',
    active && 'comment-thread--active',
    thread.resolved && 'comment-thread--resolved',
    orphaned && 'comment-thread--orphaned',
    thread.unreadMentions > 0 && 'comment-thread--unread',
  ].filter(Boolean)
  return (
    <article
      className={classes.join(' ')}
      data-testid="comment-thread"
      data-thread-id={thread.id}
      data-resolved={thread.resolved}
      data-orphaned={orphaned}
      data-unread={thread.unreadMentions}
    >
      <button type="button" className="comment-thread__anchor" onClick={() => controller.open(thread.id)} aria-expanded={active}>
        {orphaned && (
          <span className="comment-orphaned" data-testid="comment-orphaned">
            {t('comments.orphaned')}
          </span>
        )}
        {thread.unreadMentions > 0 && <span className="comment-unread-mark">@ {t('comments.mentionedYou')}</span>}
        <blockquote className="comment-quote">{thread.anchor.quote || '—'}</blockquote>
      </button>
      <ol className="comment-items">
        {(active ? thread.comments : thread.comments.slice(0, 1)).map((comment) => (
          <CommentItem
            key={comment.id}
            comment={comment}
            thread={thread}
            controller={controller}
            mayEdit={canComment && comment.authorId === user.id}
            mayDelete={canComment && (comment.authorId === user.id || moderator)}
          />
        ))}
        {!active && thread.comments.length > 1 && (
          <li className="comment-more">
            <button type="button" className="link" onClick={() => controller.open(thread.id)}>
              {t('comments.replies')} {thread.comments.length - 1}
            </button>
          </li>
        )}
      </ol>
      {orphaned && canMove && (
        <div className="comment-reanchor">
          <p className="comment-reanchor__hint">{t('comments.reanchorHint')}</p>
          <button
            type="button"
            className="comment-resolve"
            data-testid="comment-reanchor"
            disabled={busy}
            // Keeps the editor's selection: the click must not take the focus from it first.
            onMouseDown={(e) => e.preventDefault()}
            onClick={() =>
              void run(async () => {
                if (!(await controller.reanchorToSelection(thread.id))) throw new Error(t('comments.reanchorNoSelection'))
              })
            }
          >
            {t('comments.reanchor')}
          </button>
        </div>
      )}
      {thread.resolved && thread.resolvedBy && (
        <p className="comment-resolved-by">
          ✓ {t('comments.resolved')} · {thread.resolvedBy.displayName}
        </p>
      )}
      {active && canComment && (
        <>
          <CommentInput
            members={members}
            user={user}
            placeholder={t('comments.replyPlaceholder')}
            submitLabel={t('comments.reply')}
            busy={busy}
            testId="comment-reply"
            maxLength={controller.getSnapshot().maxCommentChars}
            onSubmit={(body, mentions) => run(() => controller.reply(thread.id, body, mentions))}
          />
          <div className="comment-thread__actions">
            <button
              type="button"
              className="comment-resolve"
              data-testid={thread.resolved ? 'comment-reopen' : 'comment-resolve'}
              disabled={busy}
              onClick={() => void run(() => controller.setResolved(thread.id, !thread.resolved))}
            >
              {thread.resolved ? t('comments.reopen') : `✓ ${t('comments.resolve')}`}
            </button>
          </div>
        </>
      )}
      {error && <p className="error">{error}</p>}
    </article>
  )
}

function CommentItem({
  comment,
  thread,
  controller,
  mayEdit,
  mayDelete,
}: {
  comment: CommentView
  thread: ThreadView
  controller: CommentsController
  mayEdit: boolean
  mayDelete: boolean
}) {
  const { t } = useI18n()
  const { busy, error, run } = useAction()
  const [editing, setEditing] = useState(false)
  const [text, setText] = useState(comment.body)
  const name = comment.author?.displayName ?? t('comments.unknownUser')
  const when = shownTime(comment.createdAt)

  if (comment.deleted) {
    return (
      <li className="comment comment--deleted" data-comment-id={comment.id}>
        {t('comments.deleted')}
      </li>
    )
  }
  return (
    <li className={`comment${comment.unreadMention ? ' comment--unread' : ''}`} data-comment-id={comment.id} data-testid="comment">
      <div className="comment__head">
        <Avatar name={name} color={comment.author?.color ?? '#888'} />
        <strong className="comment__author">{name}</strong>
        <span className="comment__time">
          {when}
          {comment.editedAt && ` ${t('comments.edited')}`}
        </span>
      </div>
      {editing ? (
        <div className="comment-input">
          <textarea
            className="comment-input__text"
            value={text}
            aria-label={t('comments.edit')}
            maxLength={controller.getSnapshot().maxCommentChars}
            rows={3}
            onChange={(e) => setText(e.target.value)}
          />
          <div className="comment-input__actions">
            <button type="button" className="link" onClick={() => setEditing(false)}>
              {t('comments.cancel')}
            </button>
            <button
              type="button"
              className="primary"
              disabled={busy || text.trim() === ''}
              onClick={() =>
                void run(() => controller.edit(thread.id, comment.id, text.trim())).then((ok) => ok && setEditing(false))
              }
            >
              {t('comments.save')}
            </button>
          </div>
        </div>
      ) : (
        <p className="comment__body">{comment.body}</p>
      )}
      {!editing && (mayEdit || mayDelete) && (
        <div className="comment__actions">
          {mayEdit && (
            <button
              type="button"
              className="link"
              onClick={() => {
                setText(comment.body)
                setEditing(true)
              }}
            >
              {t('comments.edit')}
            </button>
          )}
          {mayDelete && (
            <button
              type="button"
              className="link comment__delete"
              disabled={busy}
              onClick={() => {
                if (window.confirm(t('comments.deleteConfirm'))) void run(() => controller.remove(thread.id, comment.id))
              }}
            >
              {t('comments.delete')}
            </button>
          )}
        </div>
      )}
      {error && <p className="error">{error}</p>}
    </li>
  )
}
