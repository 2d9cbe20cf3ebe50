import type { CommentAnchor } from './CommentAnchor'

/** What others may see of a comment's author (server/meta/publicUser.ts). */
export interface CommentAuthor {
  id: string
  username: string
  displayName: string
  color: string
  admin: boolean
}

/** A comment as the API answers it; `unreadMention` is for the viewer. */
export interface CommentView {
  id: string
  authorId: string
  /** Null when the user no longer exists. */
  author: CommentAuthor | null
  body: string
  mentions: string[]
  createdAt: string
  editedAt: string | null
  deleted: boolean
  /** The comment mentions the viewer, who has not read it yet. */
  unreadMention: boolean
}

/** A thread as the API answers it and pushes it, with the viewer's unread mentions in it. */
export interface ThreadView {
  id: string
  anchor: CommentAnchor
  createdBy: string
  createdAt: string
  resolved: boolean
  resolvedBy: CommentAuthor | null
  resolvedAt: string | null
  comments: CommentView[]
  unreadMentions: number
  /**
   * The report's comment revision this view was rendered at: it grows with
   * every change of the report's comments, so of two views of one thread
   * (a REST answer, a pushed event) the higher one is the newer.
   */
  rev: number
}
