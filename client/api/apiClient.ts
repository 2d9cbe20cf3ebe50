/**
 * The web app's REST calls by name, each a call of a route of the contract
 * (schema/api/, through apiCall.ts), and the answer types the UI uses. The
 * token in the login answer is not kept: the browser uses the HttpOnly cookie.
 */
import type { Role } from '@schema/roles'
import type { z } from 'zod'
import { activityApi } from '@schema/api/activityApi'
import { authApi } from '@schema/api/authApi'
import { historyApi } from '@schema/api/historyApi'
import { reportsApi } from '@schema/api/reportsApi'
import { seriesApi } from '@schema/api/seriesApi'
import { tokensApi } from '@schema/api/tokensApi'
import { usersApi } from '@schema/api/usersApi'
import { versionsApi } from '@schema/api/versionsApi'
import { apiCall, apiText } from './apiCall'

export { ApiError } from './apiCall'
export type { ActivityEntry } from '@schema/api/activityApi'
export type { ReportDetail, ReportListItem, ReportMember } from '@schema/api/reportsApi'
export type { PublicUser } from '@schema/api/usersApi'
export type { ApiTokenInfo } from '@schema/api/tokensApi'

const id = (reportId: string) => ({ id: reportId })

export const api = {
  login: (username: string, password: string) => apiCall(authApi.login, { body: { username, password } }),
  logout: () => apiCall(authApi.logout),
  /** The signed-in user, or null for a signed-out visitor (or an expired session cookie). */
  me: () => apiCall(authApi.me),
  users: () => apiCall(usersApi.list),
  reports: () => apiCall(reportsApi.list),
  /** The series the user may add a report to, latest period first. */
  series: () => apiCall(seriesApi.list),
  report: (reportId: string) => apiCall(reportsApi.get, { params: id(reportId) }),
  createReport: (input: z.input<typeof reportsApi.create.body>) => apiCall(reportsApi.create, { body: input }),
  setMember: (reportId: string, userId: string, role: Role) =>
    apiCall(reportsApi.setMember, { params: { id: reportId, userId }, body: { role } }),
  addMember: (reportId: string, username: string, role: Role) => apiCall(reportsApi.addMember, { params: id(reportId), body: { username, role } }),
  // Archive (owners and admins): out of every list and closed for everyone, restorable for ARCHIVE_RESTORE_DAYS.
  archivedReports: () => apiCall(reportsApi.list, { query: { archived: '1' } }),
  archiveReport: (reportId: string) => apiCall(reportsApi.archive, { params: id(reportId) }),
  restoreArchived: (reportId: string) => apiCall(reportsApi.restoreArchived, { params: id(reportId) }),
  /** The report's audit entries, newest first. */
  activity: (reportId: string) => apiCall(activityApi.list, { params: id(reportId) }),
  removeMember: (reportId: string, userId: string) => apiCall(reportsApi.removeMember, { params: { id: reportId, userId } }),
  // Users (admin): create, reset a password, deactivate and reactivate.
  createUser: (input: { username: string; displayName: string; password: string }) => apiCall(usersApi.create, { body: input }),
  resetPassword: (userId: string, newPassword: string) => apiCall(usersApi.resetPassword, { params: { id: userId }, body: { newPassword } }),
  setUserActive: (userId: string, active: boolean) => apiCall(active ? usersApi.reactivate : usersApi.deactivate, { params: { id: userId } }),
  /** The publish check, its messages in `locale` (the UI language). */
  check: (reportId: string, locale: z.input<typeof versionsApi.check.query>['locale']) =>
    apiCall(versionsApi.check, { params: id(reportId), query: { locale } }),
  publish: (reportId: string, note?: string) => apiCall(versionsApi.publish, { params: id(reportId), body: note ? { note } : {} }),
  unlock: (reportId: string, reason: string) => apiCall(versionsApi.unlock, { params: id(reportId), body: { reason } }),
  versions: (reportId: string) => apiCall(versionsApi.list, { params: id(reportId) }),
  // History (client/history): versions and autosaved snapshots, diffs, restore.
  history: (reportId: string) => apiCall(historyApi.list, { params: id(reportId) }),
  diff: (reportId: string, from: string, to: string) => apiCall(historyApi.diff, { params: id(reportId), query: { from, to } }),
  restoreSnapshot: (reportId: string, snapshotId: string) => apiCall(historyApi.restore, { params: { id: reportId, sid: snapshotId } }),
  // API tokens for machines (client/tokens): the secret is in the creation's answer only.
  apiTokens: () => apiCall(tokensApi.list),
  createApiToken: (input: z.input<typeof tokensApi.create.body>) => apiCall(tokensApi.create, { body: input }),
  revokeApiToken: (tokenId: string) => apiCall(tokensApi.revoke, { params: { id: tokenId } }),
  /** A server-rendered export (HTML) as text, for the read-only viewer. */
  exportHtml: apiText,
}

/** `GET /api/reports/:id/history`: versions oldest first, snapshots newest first. */
export type ReportHistory = z.infer<typeof historyApi.list.response>
/** `GET /api/reports/:id/diff`: the two references and the changes between them. */
export type HistoryDiff = z.infer<typeof historyApi.diff.response>
