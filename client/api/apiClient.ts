/**
 * The typed REST client of the web app. The browser authenticates with the
 * HttpOnly cookie set at login; the token in the login answer is not kept.
 * Types come from the server by import, never by copy.
 */
import type { Role } from '@schema/roles'
import type { Locale } from '@schema/templates/ReportTemplate'
import type { ReportRecord } from '../../server/meta/MetaStore'
import type { PublicUser } from '../../server/meta/publicUser'

export type { PublicUser }
export type ReportListItem = ReportRecord & { role: Role }
export type ReportMember = PublicUser & { userId: string; role: Role }
export type ReportDetail = ReportListItem & { members: ReportMember[] }

/** An answer other than 2xx, with the server's `{error: {code, message}}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const data = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null
  if (!res.ok) throw new ApiError(res.status, data?.error?.code ?? 'http_error', data?.error?.message ?? res.statusText)
  return data as T
}

export const api = {
  login: (username: string, password: string) =>
    call<{ token: string; user: PublicUser }>('POST', '/api/auth/login', { username, password }),
  logout: () => call<{ ok: true }>('POST', '/api/auth/logout'),
  me: () => call<PublicUser>('GET', '/api/auth/me'),
  users: () => call<PublicUser[]>('GET', '/api/users'),
  reports: () => call<ReportListItem[]>('GET', '/api/reports'),
  report: (id: string) => call<ReportDetail>('GET', `/api/reports/${encodeURIComponent(id)}`),
  createReport: (input: { title: string; period: string; series?: string; locale?: Locale }) =>
    call<ReportDetail>('POST', '/api/reports', input),
  setMember: (reportId: string, userId: string, role: Role) =>
    call<unknown>('PUT', `/api/reports/${encodeURIComponent(reportId)}/members/${encodeURIComponent(userId)}`, { role }),
}
