import type { CommentView, ThreadView } from '@schema/comments/ThreadView'
import type { CommentsChangedEvent } from '@schema/reportEvent'
import type { MetaStore } from '../meta/MetaStore'
import { publicUser } from '../meta/publicUser'
import type { CommentFile, CommentRecord, ThreadRecord } from './CommentStore'

export type { CommentView, ThreadView } from '@schema/comments/ThreadView'

/** Whether `comment` mentions `userId` and they have not read it. */
export function isUnreadMention(comment: CommentRecord, userId: string, read: ReadonlySet<string>): boolean {
  return !comment.deleted && comment.authorId !== userId && comment.mentions.includes(userId) && !read.has(comment.id)
}

/** The comment ids `userId` has read among those mentioning them. */
const readBy = (file: CommentFile, userId: string): ReadonlySet<string> => new Set(file.reads[userId] ?? [])

/** Renders one stored thread for one viewer: authors resolved to public users, unread mentions counted. */
function renderThread(file: CommentFile, thread: ThreadRecord, userId: string, read: ReadonlySet<string>, meta: MetaStore): ThreadView {
  const user = (id: string | null) => {
    const record = id ? meta.userById(id) : undefined
    return record ? publicUser(record) : null
  }
  const comments = thread.comments.map(
    (c): CommentView => ({
      id: c.id,
      authorId: c.authorId,
      author: user(c.authorId),
      body: c.body,
      mentions: c.mentions,
      createdAt: c.createdAt,
      editedAt: c.editedAt,
      deleted: c.deleted,
      unreadMention: isUnreadMention(c, userId, read),
    }),
  )
  return {
    id: thread.id,
    anchor: thread.anchor,
    createdBy: thread.createdBy,
    createdAt: thread.createdAt,
    resolved: thread.resolved,
    resolvedBy: user(thread.resolvedBy),
    resolvedAt: thread.resolvedAt,
    comments,
    unreadMentions: comments.filter((c) => c.unreadMention).length,
    rev: file.rev ?? 0,
  }
}

/** Renders stored threads for one viewer. */
export function threadViews(file: CommentFile, userId: string, meta: MetaStore): ThreadView[] {
  const read = readBy(file, userId)
  return file.threads.map((thread) => renderThread(file, thread, userId, read, meta))
}

/** One thread as `userId` sees it, or null when it does not exist (any more). */
export function threadView(file: CommentFile, threadId: string, userId: string, meta: MetaStore): ThreadView | null {
  const thread = file.threads.find((t) => t.id === threadId)
  return thread ? renderThread(file, thread, userId, readBy(file, userId), meta) : null
}

/**
 * The event that tells each viewer of a report how one thread looks now.
 * Only what is unread differs between viewers, so everyone without an unread
 * mention in the thread gets one shared event (the room encodes it once); a
 * viewer with unread mentions there gets their own.
 */
export function threadEvents(file: CommentFile, threadId: string, meta: MetaStore): (userId: string) => CommentsChangedEvent {
  const rev = file.rev ?? 0
  const thread = file.threads.find((t) => t.id === threadId)
  // Nobody has the empty id: this is the view without unread mentions.
  const shared: CommentsChangedEvent = { type: 'comments', threadId, rev, thread: thread ? renderThread(file, thread, '', new Set(), meta) : null }
  const own = new Map<string, CommentsChangedEvent>()
  return (userId) => {
    if (!thread) return shared
    let event = own.get(userId)
    if (!event) {
      const read = readBy(file, userId)
      event = thread.comments.some((c) => isUnreadMention(c, userId, read))
        ? { ...shared, thread: renderThread(file, thread, userId, read, meta) }
        : shared
      own.set(userId, event)
    }
    return event
  }
}
