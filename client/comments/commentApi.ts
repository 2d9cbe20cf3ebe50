/**
 * REST calls of the comment threads (`/api/reports/:id/comments`), routes of
 * the contract (schema/api/commentsApi.ts), cookie authenticated like the rest of the web app.
 */
import { commentsApi } from '@schema/api/commentsApi'
import type { CommentAnchor } from '@schema/comments/CommentAnchor'
import { apiCall } from '../api/apiCall'

export type { CommentView, ThreadView } from '@schema/comments/ThreadView'

const thread = (reportId: string, threadId: string) => ({ id: reportId, threadId })
const comment = (reportId: string, threadId: string, commentId: string) => ({ id: reportId, threadId, commentId })

export const commentApi = {
  list: (reportId: string) => apiCall(commentsApi.list, { params: { id: reportId } }),
  create: (reportId: string, input: { anchor: CommentAnchor; body: string; mentions: string[] }) =>
    apiCall(commentsApi.create, { params: { id: reportId }, body: input }),
  reply: (reportId: string, threadId: string, input: { body: string; mentions: string[] }) =>
    apiCall(commentsApi.reply, { params: thread(reportId, threadId), body: input }),
  setResolved: (reportId: string, threadId: string, resolved: boolean) =>
    apiCall(commentsApi.patchThread, { params: thread(reportId, threadId), body: { resolved } }),
  /** Moves a thread to new text (an orphaned thread, re-anchored). */
  reanchor: (reportId: string, threadId: string, anchor: CommentAnchor) =>
    apiCall(commentsApi.patchThread, { params: thread(reportId, threadId), body: { anchor } }),
  edit: (reportId: string, threadId: string, commentId: string, body: string) =>
    apiCall(commentsApi.editComment, { params: comment(reportId, threadId, commentId), body: { body } }),
  remove: (reportId: string, threadId: string, commentId: string) => apiCall(commentsApi.deleteComment, { params: comment(reportId, threadId, commentId) }),
  markRead: (reportId: string, threadIds: string[]) => apiCall(commentsApi.markRead, { params: { id: reportId }, body: { threadIds } }),
}
