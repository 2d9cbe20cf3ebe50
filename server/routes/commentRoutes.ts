/**
 * Inline comment threads of a report, under `/api/reports/:id/comments`.
 *
 * Who: members read; reviewers and up comment, reply, resolve and reopen
 * (a reviewer may not edit the body but reviews it); only the author edits a
 * comment; the author, the report's owners and admins delete one; the
 * thread's author, owners and editors move a thread to new text (PATCH with
 * an anchor, to re-anchor an orphaned one), checked at the write.
 * Identities come from the signed-in user, never from the body.
 *
 * Published reports: the body is frozen, so no new thread and no anchor
 * change (423 locked); the discussion itself (replies, resolve/reopen, edit
 * and delete of comments, read marks) goes on, since it does not change
 * what was published.
 *
 * After every change the report's open editors get a `comments` event
 * (MESSAGE_REPORT_EVENT) carrying the changed thread as each of them sees
 * it (or null once deleted), which they merge into their list: a change
 * costs each editor one thread, not the whole list.
 *
 * Quotas (commentQuotas.ts): a comment's length and the comments a report holds.
 */
import { Hono, type Context } from 'hono'
import { commentsApi } from '@schema/api/commentsApi'
import type { Role } from '@schema/roles'
import type { TokenService } from '../auth/TokenService'
import type { RoomManager } from '../collab/RoomManager'
import { checkCommentLength, checkRoomForComment, type CommentQuotas } from '../comments/commentQuotas'
import type { CommentFile, CommentStore, ThreadRecord } from '../comments/CommentStore'
import { isUnreadMention, threadEvents, threadView, threadViews, type ThreadView } from '../comments/threadView'
import { badRequest, forbidden, locked, notFound } from '../errors'
import type { AppEnv } from '../http/AppEnv'
import { jsonBody, reply } from '../http/validation'
import { requireUser } from '../http/requireUser'
import type { MetaStore } from '../meta/MetaStore'
import { newId } from '../meta/newId'
import { reportAccess } from '../reports/reportAccess'

export interface CommentRouteDeps {
  meta: MetaStore
  rooms: RoomManager
  tokens: TokenService
  comments: CommentStore
  env: { MAX_COMMENT_CHARS: number; MAX_COMMENTS_PER_REPORT: number }
}

export function commentRoutes({ meta, rooms, tokens, comments, env }: CommentRouteDeps) {
  const quotas: CommentQuotas = { maxCommentChars: env.MAX_COMMENT_CHARS, maxCommentsPerReport: env.MAX_COMMENTS_PER_REPORT }
  const access = (c: Context<AppEnv>, needed: Role) => reportAccess(meta, c, needed)

  /** Mentions must name members of the report (400 otherwise, nothing changed). */
  const checkMentions = (reportId: string, ids: readonly string[]) => {
    const strangers = ids.filter((id) => meta.roleOf(reportId, id) === undefined)
    if (strangers.length > 0) {
      throw badRequest(`Invalid body: mentions: not members of this report: ${strangers.join(', ')}`, [
        { path: 'mentions', message: 'not a member of this report', ids: strangers },
      ])
    }
  }

  const threadIn = (file: CommentFile, threadId: string): ThreadRecord => {
    const thread = file.threads.find((t) => t.id === threadId)
    if (!thread) throw notFound('Comment thread')
    return thread
  }

  /** The caller's view of one thread after a change. */
  const viewOf = (file: CommentFile, threadId: string, userId: string): ThreadView => {
    const view = threadView(file, threadId, userId, meta)
    if (!view) throw notFound('Comment thread')
    return view
  }

  /** Pushes the thread as it is in `file` (after the change) to the report's open editors (other processes rebuild it from the store). */
  const changed = (reportId: string, file: CommentFile, threadId: string) =>
    rooms.notifyEach(reportId, threadEvents(file, threadId, meta), { kind: 'thread', threadId })

  /** The limits a client shows (the composer's length). */
  const limits = { maxCommentChars: quotas.maxCommentChars, maxCommentsPerReport: quotas.maxCommentsPerReport }

  return new Hono<AppEnv>()
    .use(requireUser(tokens, meta))
    .get('/:id/comments', async (c) => {
      const { report } = access(c, 'viewer')
      const file = await comments.read(report.id)
      const threads = threadViews(file, c.var.user.id, meta)
      return reply(c, commentsApi.list, { threads, unreadMentions: threads.reduce((n, t) => n + t.unreadMentions, 0), rev: file.rev ?? 0, limits })
    })
    .post('/:id/comments', jsonBody(commentsApi.create.body), async (c) => {
      const { report, recheck } = access(c, 'reviewer')
      const input = c.req.valid('json')
      if (report.status === 'published') throw locked()
      checkCommentLength(input.body, quotas)
      checkMentions(report.id, input.mentions)
      const userId = c.var.user.id
      const now = new Date().toISOString()
      const threadId = newId('t')
      const file = await comments.mutate(report.id, (f) => {
        recheck() // the role now, not when the request arrived
        checkRoomForComment(f, quotas)
        f.threads.push({
          id: threadId,
          anchor: input.anchor,
          createdBy: userId,
          createdAt: now,
          resolved: false,
          resolvedBy: null,
          resolvedAt: null,
          comments: [
            { id: newId('c'), authorId: userId, body: input.body, mentions: input.mentions, createdAt: now, editedAt: null, deleted: false },
          ],
        })
        return f
      })
      changed(report.id, file, threadId)
      return reply(c, commentsApi.create, viewOf(file, threadId, userId))
    })
    .post('/:id/comments/read', jsonBody(commentsApi.markRead.body), async (c) => {
      const { report, recheck } = access(c, 'viewer')
      const { threadIds } = c.req.valid('json')
      const userId = c.var.user.id
      const file = await comments.mutate(report.id, (f) => {
        recheck() // the role now, not when the request arrived
        const read = new Set(f.reads[userId] ?? [])
        const wanted = new Set(threadIds)
        for (const thread of f.threads) {
          if (!wanted.has(thread.id)) continue
          for (const comment of thread.comments) if (isUnreadMention(comment, userId, read)) read.add(comment.id)
        }
        // Only ids of comments that still exist are kept, so the list stays as small as the mentions.
        const existing = new Set(f.threads.flatMap((t) => t.comments.map((cm) => cm.id)))
        f.reads[userId] = [...read].filter((id) => existing.has(id))
        return f
      })
      // Only the caller's view changed: no push; the answer carries the threads they marked, as they see them now.
      const views = threadViews(file, userId, meta)
      const wanted = new Set(threadIds)
      const unreadMentions = views.reduce((n, t) => n + t.unreadMentions, 0)
      return reply(c, commentsApi.markRead, { unreadMentions, threads: views.filter((t) => wanted.has(t.id)) })
    })
    .post('/:id/comments/:threadId/replies', jsonBody(commentsApi.reply.body), async (c) => {
      const { report, recheck } = access(c, 'reviewer')
      const input = c.req.valid('json')
      checkCommentLength(input.body, quotas)
      checkMentions(report.id, input.mentions)
      const userId = c.var.user.id
      const threadId = c.req.param('threadId')
      const file = await comments.mutate(report.id, (f) => {
        recheck() // the role now, not when the request arrived
        const thread = threadIn(f, threadId)
        checkRoomForComment(f, quotas)
        thread.comments.push({
          id: newId('c'),
          authorId: userId,
          body: input.body,
          mentions: input.mentions,
          createdAt: new Date().toISOString(),
          editedAt: null,
          deleted: false,
        })
        return f
      })
      changed(report.id, file, threadId)
      return reply(c, commentsApi.reply, viewOf(file, threadId, userId))
    })
    .patch('/:id/comments/:threadId', jsonBody(commentsApi.patchThread.body), async (c) => {
      const { report, recheck } = access(c, 'reviewer')
      const input = c.req.valid('json')
      if (input.anchor !== undefined && report.status === 'published') throw locked()
      const anchor = input.anchor
      const userId = c.var.user.id
      const threadId = c.req.param('threadId')
      const file = await comments.mutate(report.id, (f) => {
        const { role } = recheck() // the role now, not when the request arrived
        const thread = threadIn(f, threadId)
        if (anchor) {
          // Moving a thread (re-anchoring an orphaned one) changes what it is about: its author, owners and editors.
          if (thread.createdBy !== userId && role !== 'owner' && role !== 'editor') {
            throw forbidden("Only the thread's author, an owner or an editor may move a thread.")
          }
          thread.anchor = anchor
        }
        if (input.resolved !== undefined && input.resolved !== thread.resolved) {
          thread.resolved = input.resolved
          thread.resolvedBy = input.resolved ? userId : null
          thread.resolvedAt = input.resolved ? new Date().toISOString() : null
        }
        return f
      })
      changed(report.id, file, threadId)
      return reply(c, commentsApi.patchThread, viewOf(file, threadId, userId))
    })
    .patch('/:id/comments/:threadId/replies/:commentId', jsonBody(commentsApi.editComment.body), async (c) => {
      const { report, recheck } = access(c, 'reviewer')
      const input = c.req.valid('json')
      checkCommentLength(input.body, quotas)
      if (input.mentions) checkMentions(report.id, input.mentions)
      const userId = c.var.user.id
      const threadId = c.req.param('threadId')
      const commentId = c.req.param('commentId')
      const file = await comments.mutate(report.id, (f) => {
        recheck() // the role now, not when the request arrived
        const comment = threadIn(f, threadId).comments.find((cm) => cm.id === commentId && !cm.deleted)
        if (!comment) throw notFound('Comment')
        // Words are only ever changed by whoever wrote them; not even an admin edits them.
        if (comment.authorId !== userId) throw forbidden('Only the author may edit a comment.')
        comment.body = input.body
        if (input.mentions) comment.mentions = input.mentions
        comment.editedAt = new Date().toISOString()
        return f
      })
      changed(report.id, file, threadId)
      return reply(c, commentsApi.editComment, viewOf(file, threadId, userId))
    })
    .delete('/:id/comments/:threadId/replies/:commentId', async (c) => {
      const { report, recheck } = access(c, 'reviewer')
      const user = c.var.user
      const threadId = c.req.param('threadId')
      const commentId = c.req.param('commentId')
      const result = await comments.mutate(report.id, (f) => {
        const moderator = user.admin || recheck().role === 'owner'
        const thread = threadIn(f, threadId)
        const index = thread.comments.findIndex((cm) => cm.id === commentId && !cm.deleted)
        const comment = thread.comments[index]
        if (!comment) throw notFound('Comment')
        if (comment.authorId !== user.id && !moderator) throw forbidden('Only the author, an owner or an admin may delete a comment.')
        if (index === 0 && thread.comments.some((cm, i) => i > 0 && !cm.deleted)) {
          // The opening comment leaves a marker while replies exist: they answer it.
          comment.deleted = true
          comment.body = ''
          comment.mentions = []
        } else {
          thread.comments.splice(index, 1)
        }
        const threadDeleted = thread.comments.every((cm) => cm.deleted)
        if (threadDeleted) f.threads = f.threads.filter((t) => t !== thread)
        return { file: f, threadDeleted }
      })
      changed(report.id, result.file, threadId)
      return reply(c, commentsApi.deleteComment, {
        threadId,
        commentId,
        threadDeleted: result.threadDeleted,
        rev: result.file.rev ?? 0,
        thread: result.threadDeleted ? null : viewOf(result.file, threadId, user.id),
      })
    })
}
