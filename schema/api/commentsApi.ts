/**
 * Inline comment threads: `/api/reports/:id/comments`. Every request object
 * is strict and every string and list bounded, so what reaches the store has
 * a known, small size.
 */
import { z } from 'zod'
import { MAX_ANCHOR_KEY_LENGTH, MAX_QUOTE_LENGTH, type CommentAnchor } from '../comments/CommentAnchor'
import type { ThreadView } from '../comments/ThreadView'
import { defineRoute, typedAs } from './apiRoute'
import { reportParams } from './reportsApi'

/**
 * Ceiling of a comment's text at the boundary; the configured limit
 * (MAX_COMMENT_CHARS, at most this) is checked by server/comments/commentQuotas.ts with its own error.
 */
export const MAX_BODY_LENGTH = 100_000
const MAX_MENTIONS = 50

const yId = z.strictObject({
  client: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  clock: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
})

/** What Y.relativePositionToJSON produces. */
const relativePosition = z.strictObject({
  type: yId.optional(),
  tname: z.string().max(MAX_ANCHOR_KEY_LENGTH).optional(),
  item: yId.optional(),
  assoc: z.number().int().min(-1).max(1).optional(),
})

export const anchorInput = z
  .strictObject({
    blockId: z.string().max(MAX_ANCHOR_KEY_LENGTH),
    field: z.string().min(1).max(MAX_ANCHOR_KEY_LENGTH).optional(),
    quote: z.string().max(MAX_QUOTE_LENGTH),
    relStart: relativePosition.optional(),
    relEnd: relativePosition.optional(),
  })
  .refine((a) => (a.relStart === undefined) === (a.relEnd === undefined), 'relStart and relEnd come together')
  .refine((a) => a.relStart !== undefined || a.blockId !== '', 'a block comment needs its blockId') satisfies z.ZodType<CommentAnchor>

const body = z.string().trim().min(1, 'at least 1 character').max(MAX_BODY_LENGTH)
const mentions = z
  .array(z.string().min(1).max(64))
  .max(MAX_MENTIONS)
  .transform((ids) => [...new Set(ids)])

export const newThreadInput = z.strictObject({ anchor: anchorInput, body, mentions: mentions.default([]) })
export const replyInput = z.strictObject({ body, mentions: mentions.default([]) })
export const editCommentInput = z.strictObject({ body, mentions: mentions.optional() })
export const threadPatchInput = z
  .strictObject({ resolved: z.boolean().optional(), anchor: anchorInput.optional() })
  .refine((p) => p.resolved !== undefined || p.anchor !== undefined, 'give resolved or anchor')
export const readInput = z.strictObject({ threadIds: z.array(z.string().min(1).max(64)).min(1).max(1000) })

const commentAuthor = z.object({ id: z.string(), username: z.string(), displayName: z.string(), color: z.string(), admin: z.boolean() })
const commentView = z.object({
  id: z.string(),
  authorId: z.string(),
  author: commentAuthor.nullable(),
  body: z.string(),
  mentions: z.array(z.string()),
  createdAt: z.string(),
  editedAt: z.string().nullable(),
  deleted: z.boolean(),
  unreadMention: z.boolean(),
})
/** A thread as the API answers it (schema/comments/ThreadView.ts). */
export const threadViewSchema = typedAs<ThreadView>(
  z.object({
    id: z.string(),
    anchor: z.looseObject({ blockId: z.string(), quote: z.string() }),
    createdBy: z.string(),
    createdAt: z.string(),
    resolved: z.boolean(),
    resolvedBy: commentAuthor.nullable(),
    resolvedAt: z.string().nullable(),
    comments: z.array(commentView),
    unreadMentions: z.number().int(),
    rev: z.number().int(),
  }),
)

const threadParams = reportParams.extend({ threadId: z.string() })
const commentParams = threadParams.extend({ commentId: z.string() })
const published = { 423: 'published: no new thread, no anchor change' }

export const commentsApi = {
  list: defineRoute({
    method: 'get',
    path: '/api/reports/:id/comments',
    tag: 'comments',
    auth: 'user',
    summary: "The report's threads as the caller sees them, with their unread mentions and the limits",
    params: reportParams,
    response: z.object({
      threads: z.array(threadViewSchema),
      unreadMentions: z.number().int(),
      rev: z.number().int(),
      limits: z.object({ maxCommentChars: z.number().int(), maxCommentsPerReport: z.number().int() }),
    }),
  }),
  create: defineRoute({
    method: 'post',
    path: '/api/reports/:id/comments',
    tag: 'comments',
    auth: 'user',
    summary: 'Open a thread on a passage or block (reviewer and up)',
    params: reportParams,
    body: newThreadInput,
    status: 201,
    response: threadViewSchema,
    errors: { ...published, 413: 'longer than MAX_COMMENT_CHARS', 422: 'the report holds MAX_COMMENTS_PER_REPORT' },
  }),
  markRead: defineRoute({
    method: 'post',
    path: '/api/reports/:id/comments/read',
    tag: 'comments',
    auth: 'user',
    summary: 'Mark the mentions of the caller in these threads read',
    params: reportParams,
    body: readInput,
    response: z.object({ unreadMentions: z.number().int(), threads: z.array(threadViewSchema) }),
  }),
  reply: defineRoute({
    method: 'post',
    path: '/api/reports/:id/comments/:threadId/replies',
    tag: 'comments',
    auth: 'user',
    summary: 'Reply in a thread (reviewer and up)',
    params: threadParams,
    body: replyInput,
    status: 201,
    response: threadViewSchema,
    errors: { 413: 'longer than MAX_COMMENT_CHARS', 422: 'the report holds MAX_COMMENTS_PER_REPORT' },
  }),
  patchThread: defineRoute({
    method: 'patch',
    path: '/api/reports/:id/comments/:threadId',
    tag: 'comments',
    auth: 'user',
    summary: "Resolve or reopen a thread, or move it to new text (its author, owners, editors)",
    params: threadParams,
    body: threadPatchInput,
    response: threadViewSchema,
    errors: published,
  }),
  editComment: defineRoute({
    method: 'patch',
    path: '/api/reports/:id/comments/:threadId/replies/:commentId',
    tag: 'comments',
    auth: 'user',
    summary: 'Edit a comment (its author only)',
    params: commentParams,
    body: editCommentInput,
    response: threadViewSchema,
  }),
  deleteComment: defineRoute({
    method: 'delete',
    path: '/api/reports/:id/comments/:threadId/replies/:commentId',
    tag: 'comments',
    auth: 'user',
    summary: 'Delete a comment (its author, an owner or an admin); the thread goes with its last comment',
    params: commentParams,
    response: z.object({
      threadId: z.string(),
      commentId: z.string(),
      threadDeleted: z.boolean(),
      rev: z.number().int(),
      thread: threadViewSchema.nullable(),
    }),
  }),
}
