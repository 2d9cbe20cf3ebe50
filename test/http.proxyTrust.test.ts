/**
 * The `Secure` cookie flag follows HTTPS (issue 13): set when the client came
 * over HTTPS; behind a TLS-terminating proxy that is told by
 * `X-Forwarded-Proto`, believed only with TRUST_PROXY=true (otherwise any
 * client could send it). COOKIE_SECURE=true|false forces the flag either way.
 * The server's own origin (for the socket's Origin check) follows the same
 * protocol.
 */
import { rmSync } from 'node:fs'
import WebSocket from 'ws'
import { afterAll, describe, expect, it } from 'vitest'
import { Api } from './helpers/api'
import { stopAndRemove } from './helpers/cleanup'
import { ADMIN_PASSWORD, startServer, tempDataDir, type TestServer } from './helpers/startServer'

const servers: TestServer[] = []
afterAll(async () => {
  for (const s of servers) await stopAndRemove(s)
})

async function serverWith(env: Record<string, string>): Promise<TestServer> {
  const s = await startServer({ env: { SEED_DEMO: 'false', ...env } })
  servers.push(s)
  return s
}

/** The login's Set-Cookie, and the logout's (which must carry the same flag to replace it). */
async function cookies(server: TestServer, headers: Record<string, string> = {}): Promise<{ login: string; logout: string }> {
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  })
  expect(login.status).toBe(200)
  const { token } = (await login.json()) as { token: string }
  const logout = await fetch(`${server.url}/api/auth/logout`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
  })
  return { login: login.headers.get('set-cookie') ?? '', logout: logout.headers.get('set-cookie') ?? '' }
}

const secure = /;\s*Secure/i

/** Whether a page of `origin` may open the socket (403 before the upgrade when not). */
async function socketAllowed(server: TestServer, origin: string, headers: Record<string, string>): Promise<boolean> {
  const admin = await Api.login(server.url)
  const reportId = await admin.createReport('Origin')
  const ws = new WebSocket(`${server.wsUrl}/${reportId}`, { origin, headers: { ...headers, authorization: `Bearer ${admin.token}` } })
  return new Promise((resolve) => {
    ws.on('open', () => {
      ws.terminate()
      resolve(true)
    })
    ws.on('error', () => resolve(false))
  })
}

describe('the Secure cookie flag and the own origin follow the protocol', () => {
  it('default (TRUST_PROXY off): plain HTTP gets no Secure flag, and a forged X-Forwarded-Proto changes nothing', async () => {
    const server = await serverWith({})
    expect((await cookies(server)).login).toMatch(/ops_token=.+HttpOnly/i)
    expect((await cookies(server)).login).not.toMatch(secure)
    expect((await cookies(server, { 'x-forwarded-proto': 'https' })).login).not.toMatch(secure)
    expect(await socketAllowed(server, `https://127.0.0.1:${server.port}`, { 'x-forwarded-proto': 'https' })).toBe(false)
    expect(await socketAllowed(server, server.url, { 'x-forwarded-proto': 'https' })).toBe(true)
  })

  it('TRUST_PROXY=true: Secure exactly when the proxy says https; the own origin is then https', async () => {
    const server = await serverWith({ TRUST_PROXY: 'true' })
    const viaHttps = await cookies(server, { 'x-forwarded-proto': 'https' })
    expect(viaHttps.login).toMatch(secure)
    expect(viaHttps.logout).toMatch(secure)
    expect((await cookies(server, { 'x-forwarded-proto': 'http' })).login).not.toMatch(secure)
    expect((await cookies(server)).login).not.toMatch(secure)
    expect(await socketAllowed(server, `https://127.0.0.1:${server.port}`, { 'x-forwarded-proto': 'https' })).toBe(true)
    expect(await socketAllowed(server, server.url, { 'x-forwarded-proto': 'https' })).toBe(false)
  })

  it('COOKIE_SECURE forces the flag: true on plain HTTP, false even behind a trusted https proxy', async () => {
    const forcedOn = await serverWith({ COOKIE_SECURE: 'true' })
    expect((await cookies(forcedOn)).login).toMatch(secure)
    const forcedOff = await serverWith({ COOKIE_SECURE: 'false', TRUST_PROXY: 'true' })
    expect((await cookies(forcedOff, { 'x-forwarded-proto': 'https' })).login).not.toMatch(secure)
  })

  it('bad values stop the server at boot with the variable named', async () => {
    const bad: Record<string, string>[] = [{ TRUST_PROXY: 'yes' }, { ALLOWED_ORIGINS: 'https://ok.example.com,ops.example.com/path' }]
    for (const env of bad) {
      const dataDir = tempDataDir()
      try {
        await expect(startServer({ dataDir, env })).rejects.toThrow(new RegExp(Object.keys(env)[0]!))
      } finally {
        rmSync(dataDir, { recursive: true, force: true })
      }
    }
  })
})
