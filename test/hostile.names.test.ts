/**
 * Hostile report ids and user names: path traversal (plain, encoded,
 * backslashes), absolute paths, NUL, `__proto__` / `constructor` /
 * `prototype`, look-alike unicode (Cyrillic а in "admin", fullwidth),
 * bidi overrides, 10 kB strings. Every REST route that takes one answers 400
 * with `{error: {code, message}}` (user creation, login, every report route
 * including /versions/:v, /comments, /snapshots/:sid, the password reset),
 * the socket closes 4404, and nothing is created: the data folder's tree and
 * meta.json are byte-identical afterwards.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import WebSocket from 'ws'
import { withToken } from './helpers/rawClient'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLOSE_NOT_FOUND } from '@schema/wire'
import { Api } from './helpers/api'
import { stopAndRemove } from './helpers/cleanup'
import { treeOf } from './helpers/files'
import { rawRequest } from './helpers/rawHttp'
import { startServer, type TestServer } from './helpers/startServer'
import { quietPeriod } from './helpers/wait'

/** [label, the string itself]; in a URL it is sent percent-encoded as one path segment. */
const HOSTILE: [string, string][] = [
  ['path traversal', '../../meta.json'],
  ['traversal into reports/', '../reports/evil'],
  ['percent-encoded traversal (decoded once)', '%2e%2e%2f%2e%2e%2fmeta.json'],
  ['backslash traversal', '..\\..\\meta.json'],
  ['an absolute path', '/etc/passwd'],
  ['a Windows absolute path', 'C:\\Windows\\win.ini'],
  ['NUL', 'admin\u0000'],
  ['NUL inside an id-shaped name', 'rabcdefghij\u0000klmnopqr'],
  ['__proto__', '__proto__'],
  ['constructor', 'constructor'],
  ['prototype', 'prototype'],
  ['look-alike unicode (Cyrillic а in "admin")', '\u0430dmin'],
  ['look-alike report id (Cyrillic а)', 'r\u0430bcdefghijklmnopqrst'],
  ['fullwidth letters', 'ａｄｍｉｎ'],
  ['uppercase', 'ADMIN'],
  ['a bidi override', 'admin\u202etxt.exe'],
  ['surrounding spaces', ' admin '],
  ['an emoji', 'admin😀'],
  ['10 kB', 'a'.repeat(10_000)],
]

let server: TestServer
let admin: Api
let adminId: string
let reportId: string
let treeBefore: string[]
let metaBefore: string
const metaFile = () => path.join(server.dataDir, 'meta.json')

beforeAll(async () => {
  server = await startServer()
  admin = await Api.login(server.url)
  adminId = (await admin.call<{ id: string }>('GET', '/api/auth/me')).body.id
  reportId = await admin.createReport('Names')
  await quietPeriod(300, 'writes that follow creating a report land before the data folder is recorded')
  treeBefore = treeOf(server.dataDir)
  metaBefore = readFileSync(metaFile(), 'utf8')
})

afterAll(() => stopAndRemove(server))

const expect400 = (res: { status: number; body: unknown; text: string }, what: string) => {
  expect(res.status, `${what} → ${res.status} ${res.text.slice(0, 160)}`).toBe(400)
  expect(res.body, what).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } })
}

describe('user names', () => {
  for (const [label, name] of HOSTILE) {
    it(`${label}: user creation and login answer 400`, async () => {
      expect400(await rawRequest(server.url, 'POST', '/api/users', admin.token, { username: name, password: 'a-fine-password-1', displayName: 'x' }), 'POST /api/users')
      expect400(await rawRequest(server.url, 'POST', '/api/auth/login', undefined, { username: name, password: 'admin-password-1' }), 'POST /api/auth/login')
    })
  }

  it('a display name with control characters or of 10 kB is refused too', async () => {
    for (const displayName of ['evil\u0000name', 'x'.repeat(10_000), '']) {
      expect400(await rawRequest(server.url, 'POST', '/api/users', admin.token, { username: 'fine-name', password: 'a-fine-password-1', displayName }), 'displayName')
    }
  })
})

describe('report ids', () => {
  /** Every report route, `{id}` replaced by the hostile segment. */
  const routes: [string, string, unknown?][] = [
    ['GET', '/api/reports/{id}'],
    ['GET', '/api/reports/{id}/content'],
    ['PUT', '/api/reports/{id}/content', { type: 'doc', content: [{ type: 'paragraph' }] }],
    ['PUT', '/api/reports/{id}/members/{admin}', { role: 'viewer' }],
    ['GET', '/api/reports/{id}/kpis'],
    ['POST', '/api/reports/{id}/check'],
    ['POST', '/api/reports/{id}/publish', {}],
    ['POST', '/api/reports/{id}/unlock', { reason: 'x' }],
    ['GET', '/api/reports/{id}/versions'],
    ['GET', '/api/reports/{id}/versions/1'],
    ['GET', '/api/reports/{id}/versions/1/export.md'],
    ['GET', '/api/reports/{id}/comments'],
    ['POST', '/api/reports/{id}/comments', { anchor: { blockId: 'b', quote: '' }, body: 'hi' }],
    ['POST', '/api/reports/{id}/comments/t1/replies', { body: 'hi' }],
    ['GET', '/api/reports/{id}/history'],
    ['GET', '/api/reports/{id}/snapshots/s1700000000000abcd'],
    ['GET', '/api/reports/{id}/diff?from=live&to=live'],
  ]

  for (const [label, id] of HOSTILE) {
    it(`${label}: every report route answers 400, the socket closes 4404 without data`, async () => {
      const segment = encodeURIComponent(id)
      for (const [method, route, body] of routes) {
        const p = route.replace('{id}', segment).replace('{admin}', adminId)
        expect400(await rawRequest(server.url, method, p, admin.token, body), `${method} ${route}`)
      }
      const ws = new WebSocket(`${server.wsUrl}/${segment}`, withToken({}, admin.token))
      let frames = 0
      ws.on('message', () => frames++)
      ws.on('error', () => undefined)
      const code = await new Promise<number>((resolve) => ws.on('close', (c) => resolve(c)))
      expect(code, 'socket').toBe(CLOSE_NOT_FOUND)
      expect(frames).toBe(0)
    })
  }
})

describe('ids inside a real report and user ids', () => {
  for (const [label, id] of HOSTILE) {
    it(`${label}: version labels, snapshot ids and user ids answer 400; thread and member ids never match`, async () => {
      const segment = encodeURIComponent(id)
      expect400(await rawRequest(server.url, 'GET', `/api/reports/${reportId}/versions/${segment}`, admin.token), 'GET /versions/:v')
      expect400(await rawRequest(server.url, 'GET', `/api/reports/${reportId}/snapshots/${segment}`, admin.token), 'GET /snapshots/:sid')
      expect400(await rawRequest(server.url, 'POST', `/api/reports/${reportId}/snapshots/${segment}/restore`, admin.token), 'POST /snapshots/:sid/restore')
      expect400(await rawRequest(server.url, 'POST', `/api/users/${segment}/password`, admin.token, { newPassword: 'a-fine-password-1' }), 'POST /api/users/:id/password')
      // Comment thread ids and member user ids are looked up, never used as paths or keys: unknown is 404.
      for (const [method, p, body] of [
        ['POST', `/api/reports/${reportId}/comments/${segment}/replies`, { body: 'hi' }],
        ['PATCH', `/api/reports/${reportId}/comments/${segment}`, { resolved: true }],
        ['PUT', `/api/reports/${reportId}/members/${segment}`, { role: 'viewer' }],
      ] as const) {
        const res = await rawRequest(server.url, method, p, admin.token, body)
        expect([400, 404], `${method} ${p.slice(0, 80)} → ${res.status}`).toContain(res.status)
        expect(res.body).toMatchObject({ error: { code: expect.any(String) } })
      }
    })
  }
})

describe('afterwards', () => {
  it('no file or folder was created under DATA_DIR and meta.json is byte-identical', async () => {
    await quietPeriod(300, 'a late write caused by the requests above would have landed')
    expect(treeOf(server.dataDir)).toEqual(treeBefore)
    expect(readFileSync(metaFile(), 'utf8')).toBe(metaBefore)
    const meta = JSON.parse(metaBefore) as { users: { username: string }[] }
    expect(meta.users.map((u) => u.username)).toEqual(['admin'])
    expect(({} as Record<string, unknown>).admin).toBeUndefined()
  })
})
