/**
 * How large one report's comments may grow (issue 13): every change rewrites
 * the report's comment file, so its size is bounded by the length of one
 * comment times the number of comments. The quote of an anchor has its own
 * fixed bound, shared with the client (MAX_QUOTE_LENGTH).
 */
import { quotaExceeded } from '../errors'
import type { CommentFile } from './CommentStore'

export interface CommentQuotas {
  /** MAX_COMMENT_CHARS */
  maxCommentChars: number
  /** MAX_COMMENTS_PER_REPORT */
  maxCommentsPerReport: number
}

/** A comment or reply longer than the limit: 413 quota_exceeded. */
export function checkCommentLength(body: string, quotas: CommentQuotas): void {
  if (body.length > quotas.maxCommentChars) {
    throw quotaExceeded(413, `A comment has at most ${quotas.maxCommentChars} characters (MAX_COMMENT_CHARS); this one has ${body.length}.`, {
      limit: quotas.maxCommentChars,
      length: body.length,
    })
  }
}

/** Comments stored for the report: first comments of threads and replies, markers of deleted ones included. */
export const commentCount = (file: CommentFile): number => file.threads.reduce((n, t) => n + t.comments.length, 0)

/** Room for one more comment in the report, or 422 quota_exceeded (checked inside the change, against the current file). */
export function checkRoomForComment(file: CommentFile, quotas: CommentQuotas): void {
  if (commentCount(file) >= quotas.maxCommentsPerReport) {
    throw quotaExceeded(
      422,
      `This report holds ${quotas.maxCommentsPerReport} comments, the most allowed (MAX_COMMENTS_PER_REPORT); resolve and delete old ones first.`,
      { limit: quotas.maxCommentsPerReport },
    )
  }
}
