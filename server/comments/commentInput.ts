/**
 * The request bodies of the comment API, checked at the boundary. Every
 * object is strict and every string and list bounded, so what reaches the
 * store has a known, small size.
 */
import { z } from 'zod'
import { MAX_ANCHOR_KEY_LENGTH, MAX_QUOTE_LENGTH, type CommentAnchor } from '@schema/comments/CommentAnchor'

/**
 * Ceiling of a comment's text at the boundary; the configured limit
 * (MAX_COMMENT_CHARS, at most this) is checked by commentQuotas.ts with its own error.
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
