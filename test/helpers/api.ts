import { randomUUID } from 'node:crypto'
/** A small typed REST client for tests: login, users, reports. */
import { ADMIN_PASSWORD } from './startServer'

export interface ApiResult<T = unknown> {
  status: number
  body: T
}

export class Api {
  constructor(
    readonly baseUrl: string,
    public token?: string,
  ) {}

  async call<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResult<T>> {
    const res = await fetch(this.baseUrl + path, {
      method,
      headers: {
        // Every state-changing call declares JSON, also without a body (the server answers 415 otherwise).
        ...(body !== undefined || (method !== 'GET' && method !== 'HEAD') ? { 'content-type': 'application/json' } : {}),
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    })
    const text = await res.text()
    let parsed: unknown = text
    try {
      parsed = JSON.parse(text)
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed as T }
  }

  static async login(baseUrl: string, username = 'admin', password = ADMIN_PASSWORD): Promise<Api> {
    const api = new Api(baseUrl)
    const res = await api.call<{ token: string }>('POST', '/api/auth/login', { username, password })
    if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`)
    api.token = res.body.token
    return api
  }

  /** Creates a user as this (admin) client and returns a logged-in client for it. */
  async createUser(username: string, password = 'tall-river-481'): Promise<{ api: Api; id: string }> {
    const res = await this.call<{ id: string }>('POST', '/api/users', { username, password, displayName: username })
    if (res.status !== 201) throw new Error(`create user failed: ${res.status} ${JSON.stringify(res.body)}`)
    return { api: await Api.login(this.baseUrl, username, password), id: res.body.id }
  }

  /**
   * A report in a series of its own unless one is named: a series belongs to the people of its
   * reports, so a user who is not in the demo's `default` series may not create a report there.
   */
  async createReport(title = 'Test report', period = '2026-11', series = `t-${randomUUID().slice(0, 8)}`): Promise<string> {
    const res = await this.call<{ id: string }>('POST', '/api/reports', { title, period, series })
    if (res.status !== 201) throw new Error(`create report failed: ${res.status} ${JSON.stringify(res.body)}`)
    return res.body.id
  }

  async setRole(reportId: string, userId: string, role: string): Promise<void> {
    const res = await this.call('PUT', `/api/reports/${reportId}/members/${userId}`, { role })
    if (res.status !== 200) throw new Error(`set role failed: ${res.status} ${JSON.stringify(res.body)}`)
  }
}
