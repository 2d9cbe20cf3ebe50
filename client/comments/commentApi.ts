/**
 * REST calls of the comment threads (`/api/reports/:id/comments`), cookie
 * authenticated like the rest of the web app. Types come from the server.
 */
import type { CommentAnchor } from '@schema/comments/CommentAnchor'
import type { ThreadView } from '@schema/comments/ThreadView'
import { call } from '../api/apiClient'

export type { CommentView, ThreadView } from '@schema/comments/ThreadView'

const base = (reportId: string) => `/api/reports/${encodeURIComponent(reportId)}/comments`
const thread = (reportId: string, threadId: string) => `${base(reportId)}/${encodeURIComponent(threadId)}`
const comment = (reportId: string, threadId: string, commentId: string) =>
  `${thread(reportId, threadId)}/replies/${encodeURIComponent(commentId)}`

export const commentApi = {
  list: (reportId: string) =>
    call<{ threads: ThreadView[]; unreadMentions: number; rev: number; limits: { maxCommentChars: number; maxCommentsPerReport: number } }>(
      'GET',
      base(reportId),
    ),
  create: (reportId: string, input: { anchor: CommentAnchor; body: string; mentions: string[] }) =>
    call<ThreadView>('POST', base(reportId), input),
  reply: (reportId: string, threadId: string, input: { body: string; mentions: string[] }) =>
    call<ThreadView>('POST', `${thread(reportId, threadId)}/replies`, input),
  setResolved: (reportId: string, threadId: string, resolved: boolean) =>
    call<ThreadView>('PATCH', thread(reportId, threadId), { resolved }),
  /** Moves a thread to new text (an orphaned thread, re-anchored). */
  reanchor: (reportId: string, threadId: string, anchor: CommentAnchor) =>
    call<ThreadView>('PATCH', thread(reportId, threadId), { anchor }),
  edit: (reportId: string, threadId: string, commentId: string, body: string) =>
    call<ThreadView>('PATCH', comment(reportId, threadId, commentId), { body }),
  remove: (reportId: string, threadId: string, commentId: string) =>
    call<{ threadDeleted: boolean; thread: ThreadView | null; rev: number }>('DELETE', comment(reportId, threadId, commentId)),
  markRead: (reportId: string, threadIds: string[]) =>
    call<{ unreadMentions: number; threads: ThreadView[] }>('POST', `${base(reportId)}/read`, { threadIds }),
}
