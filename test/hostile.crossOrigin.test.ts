/**
 * Another origin acting with the user's cookie (issue 13, "No Origin check on
 * the socket; POSTs accept text/plain"). A page of another origin — also of
 * the same site (another port, another subdomain), where the SameSite=Strict
 * cookie still goes along — must neither open the collaboration socket nor
 * change anything over REST:
 * - the socket upgrade is refused (403, nothing opened, nothing loaded) unless
 *   its Origin is the server's own or in ALLOWED_ORIGINS; without an Origin
 *   (not a page) the cookie is not accepted, a Bearer header or ticket is;
 * - every POST/PUT/PATCH/DELETE under /api must be `application/json` (415
 *   otherwise, also without a body) and not from a foreign origin (403).
 */
import WebSocket from 'ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLOSE_UNAUTHORIZED } from '@schema/wire'
import { Api } from './helpers/api'
import { stopAndRemove } from './helpers/cleanup'
import { withToken } from './helpers/rawClient'
import { startServer, type TestServer } from './helpers/startServer'

const ALLOWED = 'http://allowed.localhost:5173'

let server: TestServer
let admin: Api
/** The victim: an owner of `reportId` whose browser holds the cookie. */
let victim: { api: Api; id: string }
let stranger: { api: Api; id: string }
let reportId: string
let threadId: string
let cookie: string

interface Verdict {
  /** HTTP status of a refused upgrade (undefined when it was upgraded). */
  status?: number
  /** Close code of an upgraded socket. */
  code?: number
  /** Frames the socket received (a refused one: none). */
  frames: number
}

/** Opens the socket with these headers and waits until it ends (or has the document). */
function upgrade(headers: Record<string, string>, path = `/${reportId}`): Promise<Verdict> {
  const ws = new WebSocket(`${server.wsUrl}${path}`, { headers })
  let frames = 0
  let status: number | undefined
  return new Promise((resolve) => {
    ws.on('message', () => {
      frames++
      // The document arrived: the socket was let in. Done looking.
      ws.terminate()
    })
    ws.on('error', (err) => {
      const m = /Unexpected server response: (\d+)/.exec(err.message)
      if (m) status = Number(m[1])
    })
    ws.on('close', (code) => resolve(status !== undefined ? { status, frames } : { code, frames }))
  })
}

/** meta.json as the server last wrote it, to show a refused request changed nothing. */
async function state(): Promise<unknown> {
  const [reports, report, comments] = await Promise.all([
    admin.call('GET', '/api/reports'),
    admin.call('GET', `/api/reports/${reportId}`),
    admin.call('GET', `/api/reports/${reportId}/comments`),
  ])
  return [reports.body, report.body, comments.body]
}

beforeAll(async () => {
  server = await startServer({ env: { ALLOWED_ORIGINS: ALLOWED } })
  admin = await Api.login(server.url)
  victim = await admin.createUser('victim-co', 'victim-pw-0123')
  stranger = await admin.createUser('stranger-co', 'stranger-pw-0123')
  reportId = await admin.createReport('Cross origin')
  await admin.setRole(reportId, victim.id, 'owner')
  const content = (await admin.call<{ content: { type: string; attrs: { id: string } }[] }>('GET', `/api/reports/${reportId}/content`)).body
  const sectionId = content.content.find((n) => n.type === 'reportSection')!.attrs.id
  const thread = await victim.api.call<{ id: string }>('POST', `/api/reports/${reportId}/comments`, { anchor: { blockId: sectionId, quote: '重要事件' }, body: '原帖' })
  expect(thread.status).toBe(201)
  threadId = thread.body.id
  cookie = `ops_token=${victim.api.token}`
})

afterAll(() => stopAndRemove(server))

describe('the collaboration socket opens only for pages of allowed origins', () => {
  it('a page of this origin or of ALLOWED_ORIGINS gets the document with the cookie', async () => {
    for (const origin of [server.url, ALLOWED]) {
      const v = await upgrade({ cookie, origin })
      expect(v.frames, origin).toBeGreaterThan(0)
    }
  })

  it('pages of other origins are refused before the upgrade (403), with the victim\'s cookie or even a token', async () => {
    const { port } = server
    const foreign = [
      `http://127.0.0.1:${port + 1}`, // same site, another port
      `http://localhost:${port}`, // another host name for the same server
      `https://127.0.0.1:${port}`, // another scheme
      'http://evil.localhost:5173', // a sibling of the allowed origin
      `${ALLOWED}.evil.example`,
      'null', // sandboxed frames, file: pages
    ]
    for (const origin of foreign) {
      expect(await upgrade({ cookie, origin }), origin).toEqual({ status: 403, frames: 0 })
      expect(await upgrade({ origin, authorization: `Bearer ${victim.api.token}` }), `${origin} + token`).toEqual({ status: 403, frames: 0 })
    }
    expect(server.output()).toContain('refused the page origin')
  })

  it('without an Origin (not a page) the cookie is not a credential; the Authorization header is', async () => {
    expect(await upgrade({ cookie })).toEqual({ code: CLOSE_UNAUTHORIZED, frames: 0 })
    expect((await upgrade(withToken({}, victim.api.token).headers as Record<string, string>)).frames).toBeGreaterThan(0)
  })
})

describe('state-changing REST calls take JSON only (415) and never from a foreign origin (403)', () => {
  /** The victim's browser, as another page would drive it: the cookie, no Authorization header. */
  const asBrowser = (method: string, path: string, body: string | undefined, headers: Record<string, string>) =>
    new Api(server.url).call(method, path, body, { cookie, ...headers })

  const attacks = (): [string, string, string | undefined][] => [
    ['POST', '/api/reports', JSON.stringify({ title: 'Forged', period: '2026-11' })],
    ['POST', `/api/reports/${reportId}/comments/${threadId}/replies`, JSON.stringify({ body: 'forged reply' })],
    ['PUT', `/api/reports/${reportId}/members/${stranger.id}`, JSON.stringify({ role: 'owner' })],
    ['PATCH', `/api/reports/${reportId}/comments/${threadId}`, JSON.stringify({ resolved: true })],
    ['POST', `/api/reports/${reportId}/comments/${threadId}/replies`, 'body=forged'],
    // Body-less calls need no CORS preflight either.
    ['POST', '/api/auth/logout', undefined],
    ['POST', `/api/reports/${reportId}/publish`, undefined],
  ]

  it('text/plain, form and multipart bodies, and body-less calls without the JSON type: 415, nothing changed', async () => {
    const before = await state()
    for (const [method, path, body] of attacks()) {
      for (const type of ['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', undefined]) {
        if (type === undefined) {
          // (Api.call would add the JSON type: plain fetch; it adds text/plain to a string body by itself.)
          const bare = await fetch(server.url + path, { method, headers: { cookie }, body })
          expect(bare.status, `${method} ${path} without a type`).toBe(415)
          continue
        }
        const res = await asBrowser(method, path, body, { 'content-type': type })
        expect(res.status, `${method} ${path} as ${type}`).toBe(415)
        expect(res.body, `${method} ${path} as ${type}`).toMatchObject({ error: { code: 'bad_content_type', message: expect.any(String) } })
      }
    }
    expect(await state()).toEqual(before)
    // The cookie is still good: the logout did not happen.
    expect((await asBrowser('GET', '/api/auth/me', undefined, {})).status).toBe(200)
  })

  it('JSON from a page of another origin: 403, nothing changed; from this origin it works', async () => {
    const before = await state()
    for (const [method, path, body] of attacks()) {
      const res = await asBrowser(method, path, body, { 'content-type': 'application/json', origin: `http://127.0.0.1:${server.port + 1}` })
      expect(res.status, `${method} ${path}`).toBe(403)
      expect(res.body).toMatchObject({ error: { code: 'origin_not_allowed' } })
    }
    expect(await state()).toEqual(before)
    const own = await asBrowser('PATCH', `/api/reports/${reportId}/comments/${threadId}`, JSON.stringify({ resolved: true }), {
      'content-type': 'application/json; charset=utf-8',
      origin: server.url,
    })
    expect(own.status).toBe(200)
  })
})
