import type { CommentAnchor } from '@schema/comments/CommentAnchor'
import type { MetaStore } from '../meta/MetaStore'
import { publicUser, type PublicUser } from '../meta/publicUser'
import type { CommentFile, CommentRecord, ThreadRecord } from './CommentStore'

/** A comment as the API answers it; `unreadMention` is for the caller. */
export interface CommentView {
  id: string
  authorId: string
  /** Null when the user no longer exists. */
  author: PublicUser | null
  body: string
  mentions: string[]
  createdAt: string
  editedAt: string | null
  deleted: boolean
  /** The comment mentions the caller, who has not read it yet. */
  unreadMention: boolean
}

/** A thread as the API answers it, with the caller's unread mentions in it. */
export interface ThreadView {
  id: string
  anchor: CommentAnchor
  createdBy: string
  createdAt: string
  resolved: boolean
  resolvedBy: PublicUser | null
  resolvedAt: string | null
  comments: CommentView[]
  unreadMentions: number
}

/** Whether `comment` mentions `userId` and they have not read it. */
export function isUnreadMention(comment: CommentRecord, userId: string, read: ReadonlySet<string>): boolean {
  return !comment.deleted && comment.authorId !== userId && comment.mentions.includes(userId) && !read.has(comment.id)
}

/** Renders stored threads for one caller: authors resolved to public users, unread mentions counted. */
export function threadViews(file: CommentFile, userId: string, meta: MetaStore): ThreadView[] {
  const read = new Set(file.reads[userId] ?? [])
  const user = (id: string | null) => {
    const record = id ? meta.userById(id) : undefined
    return record ? publicUser(record) : null
  }
  return file.threads.map((thread: ThreadRecord) => {
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
    }
  })
}
