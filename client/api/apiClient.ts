/**
 * The typed REST client of the web app. The browser authenticates with the
 * HttpOnly cookie set at login; the token in the login answer is not kept.
 * Types come from the server by import, never by copy.
 */
import type { Role } from '@schema/roles'
import type { Locale } from '@schema/templates/ReportTemplate'
import type { ReportRecord } from '../../server/meta/MetaStore'
import type { PublicUser } from '../../server/meta/publicUser'
import type { CheckProblem } from '@schema/check/CheckProblem'
import type { VersionSummary } from '@schema/versions/PublishedVersion'
import type { JSONContent } from '@tiptap/core'
import type { ReportDiff } from '@schema/diff/diffReports'
import type { SnapshotSummary } from '../../server/history/Snapshot'
import type { SeriesSummary } from '../../server/routes/seriesRoutes'
import type { ActivityEntry } from '../../server/routes/activityRoutes'

export type { PublicUser, ActivityEntry }
export type ReportListItem = ReportRecord & { role: Role; restorableUntil?: string | null }
export type ReportMember = PublicUser & { userId: string; role: Role }
export type ReportDetail = ReportListItem & { members: ReportMember[] }

/** An answer other than 2xx, with the server's `{error: {code, message}}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The whole answer (e.g. the check's `problems` with a 422). */
    readonly body: unknown = null,
  ) {
    super(message)
  }
}

/**
 * One JSON call of the REST API; a non-2xx answer throws ApiError with the server's code, message and body.
 * Every call but GET declares `Content-Type: application/json`, also without a body: the server refuses
 * state-changing calls of any other type (415), which is what keeps cross-site forms out.
 */
export async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: method === 'GET' ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const data = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null
  if (!res.ok) throw new ApiError(res.status, data?.error?.code ?? 'http_error', data?.error?.message ?? res.statusText, data)
  return data as T
}

const reportPath = (id: string) => `/api/reports/${encodeURIComponent(id)}`

export const api = {
  login: (username: string, password: string) =>
    call<{ token: string; user: PublicUser }>('POST', '/api/auth/login', { username, password }),
  logout: () => call<{ ok: true }>('POST', '/api/auth/logout'),
  /** The signed-in user, or null for a signed-out visitor (or an expired session cookie). */
  me: () => call<PublicUser | null>('GET', '/api/auth/me'),
  users: () => call<PublicUser[]>('GET', '/api/users'),
  reports: () => call<ReportListItem[]>('GET', '/api/reports'),
  /** The series the user may add a report to, latest period first. */
  series: () => call<SeriesSummary[]>('GET', '/api/series'),
  report: (id: string) => call<ReportDetail>('GET', `/api/reports/${encodeURIComponent(id)}`),
  createReport: (input: { title: string; period: string; series?: string; locale?: Locale }) =>
    call<ReportDetail>('POST', '/api/reports', input),
  setMember: (reportId: string, userId: string, role: Role) =>
    call<unknown>('PUT', `/api/reports/${encodeURIComponent(reportId)}/members/${encodeURIComponent(userId)}`, { role }),
  addMember: (reportId: string, username: string, role: Role) =>
    call<{ userId: string; role: Role }>('POST', `${reportPath(reportId)}/members`, { username, role }),
  // Archive (owners and admins): out of every list and closed for everyone, restorable for ARCHIVE_RESTORE_DAYS.
  archivedReports: () => call<ReportListItem[]>('GET', '/api/reports?archived=1'),
  archiveReport: (id: string) => call<{ reportId: string; restorableUntil: string }>('POST', `${reportPath(id)}/archive`),
  restoreArchived: (id: string) => call<ReportDetail>('POST', `${reportPath(id)}/restore-archived`),
  /** The report's audit entries, newest first. */
  activity: (id: string) => call<{ reportId: string; entries: ActivityEntry[] }>('GET', `${reportPath(id)}/activity`),
  removeMember: (reportId: string, userId: string) =>
    call<{ removed: true }>('DELETE', `${reportPath(reportId)}/members/${encodeURIComponent(userId)}`),
  // Users (admin): create, reset a password, deactivate and reactivate.
  createUser: (input: { username: string; displayName: string; password: string }) =>
    call<{ id: string; username: string; displayName: string }>('POST', '/api/users', input),
  resetPassword: (userId: string, newPassword: string) =>
    call<{ ok: true }>('POST', `/api/users/${encodeURIComponent(userId)}/password`, { newPassword }),
  setUserActive: (userId: string, active: boolean) =>
    call<PublicUser>('POST', `/api/users/${encodeURIComponent(userId)}/${active ? 'reactivate' : 'deactivate'}`),
  /** The publish check, its messages in `locale` (the UI language). */
  check: (id: string, locale: string) => call<{ ok: boolean; problems: CheckProblem[] }>('POST', `${reportPath(id)}/check?locale=${encodeURIComponent(locale)}`),
  publish: (id: string, note?: string) =>
    call<{ version: string; sha256: string; publishedAt: string }>('POST', `${reportPath(id)}/publish`, note ? { note } : {}),
  unlock: (id: string, reason: string) => call<{ status: 'draft'; revision: number }>('POST', `${reportPath(id)}/unlock`, { reason }),
  versions: (id: string) => call<VersionSummary[]>('GET', `${reportPath(id)}/versions`),
  // History (client/history): versions and autosaved snapshots, diffs, restore.
  history: (id: string) => call<ReportHistory>('GET', `${reportPath(id)}/history`),
  diff: (id: string, from: string, to: string) =>
    call<HistoryDiff>('GET', `${reportPath(id)}/diff?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`),
  restoreSnapshot: (id: string, snapshotId: string) =>
    call<JSONContent>('POST', `${reportPath(id)}/snapshots/${encodeURIComponent(snapshotId)}/restore`),
  /** A server-rendered export (HTML) as text, for the read-only viewer. */
  exportHtml: async (path: string): Promise<string> => {
    const res = await fetch(path, { credentials: 'same-origin' })
    if (!res.ok) throw new ApiError(res.status, 'http_error', res.statusText)
    return res.text()
  },
}

/** `GET /api/reports/:id/history`: versions oldest first, snapshots newest first. */
export type ReportHistory = { versions: VersionSummary[]; snapshots: SnapshotSummary[] }
/** `GET /api/reports/:id/diff`: the two references and the changes between them. */
export type HistoryDiff = ReportDiff & { from: string; to: string }
