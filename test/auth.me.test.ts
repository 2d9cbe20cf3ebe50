/**
 * GET /api/auth/me (issue 14): a signed-out visitor is a normal state, not an
 * error. No credential, or a session cookie that expired or was revoked,
 * answers 200 null (the stale cookie is cleared); a Bearer token that fails
 * stays 401; a valid credential answers the user.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Api } from './helpers/api'
import { startServer, type TestServer } from './helpers/startServer'

let server: TestServer

beforeAll(async () => {
  server = await startServer()
})

afterAll(async () => {
  await server?.stop()
})

const me = (headers: Record<string, string> = {}) => fetch(`${server.url}/api/auth/me`, { headers })

describe('GET /api/auth/me', () => {
  it('answers 200 null without a credential', async () => {
    const res = await me()
    expect(res.status).toBe(200)
    expect(await res.json()).toBeNull()
    expect(res.headers.get('set-cookie')).toBeNull()
  })

  it('answers the user for a valid cookie or Bearer token', async () => {
    const api = await Api.login(server.url)
    const credentials: Record<string, string>[] = [{ cookie: `ops_token=${api.token}` }, { authorization: `Bearer ${api.token}` }]
    for (const headers of credentials) {
      const res = await me(headers)
      expect(res.status).toBe(200)
      expect(await res.json()).toMatchObject({ username: 'admin' })
    }
  })

  it('answers 200 null for a revoked session cookie and clears it; 401 for a revoked Bearer token', async () => {
    const api = await Api.login(server.url)
    expect((await api.call('POST', '/api/auth/logout')).status).toBe(200) // revokes every token of the user
    const byCookie = await me({ cookie: `ops_token=${api.token}` })
    expect(byCookie.status).toBe(200)
    expect(await byCookie.json()).toBeNull()
    expect(byCookie.headers.get('set-cookie')).toMatch(/^ops_token=;.*Max-Age=0/i)
    const garbage = await me({ cookie: 'ops_token=not-a-token' })
    expect(garbage.status).toBe(200)
    expect(await garbage.json()).toBeNull()

    const byBearer = await me({ authorization: `Bearer ${api.token}` })
    expect(byBearer.status).toBe(401)
    expect((await byBearer.json()).error.code).toBe('unauthorized')
  })
})
