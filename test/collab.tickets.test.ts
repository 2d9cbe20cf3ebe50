/**
 * The long-lived token stays out of URLs (issue 13, "The socket accepts the
 * token in the URL, where proxies log it"): `?token=` is refused on the
 * upgrade; a client that cannot send the cookie or set headers asks
 * `POST /api/collab-ticket` for a single-use ticket valid 60 s (expiry is
 * covered with an injected clock in server/auth/CollabTickets.contract.test.ts) and
 * opens `/collab/<report>?ticket=…` with it. A replayed, foreign-report or
 * revoked ticket is refused (4401) before any document data is sent.
 */
import WebSocket from 'ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLOSE_UNAUTHORIZED } from '@schema/wire'
import { Api } from './helpers/api'
import { stopAndRemove } from './helpers/cleanup'
import { RawClient, type CloseInfo } from './helpers/rawClient'
import { startServer, type TestServer } from './helpers/startServer'

let server: TestServer
let admin: Api
let alice: { api: Api; id: string }
let reportA: string
let reportB: string
let strangersReport: string

async function ticketFor(api: Api, body?: Record<string, unknown>): Promise<string> {
  const res = await api.call<{ ticket: string; expiresAt: string }>('POST', '/api/collab-ticket', body)
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  expect(Date.parse(res.body.expiresAt) - Date.now()).toBeGreaterThan(50_000)
  expect(Date.parse(res.body.expiresAt) - Date.now()).toBeLessThanOrEqual(60_000)
  return res.body.ticket
}

/** Opens `/collab/<report><query>` without any other credential: synced, or the close it got (with no document data). */
async function open(reportId: string, query: string): Promise<'synced' | CloseInfo> {
  const client = new RawClient(`${server.wsUrl}/${reportId}${query}`)
  try {
    await client.waitSynced()
    return 'synced'
  } catch {
    expect(client.updatesReceived).toHaveLength(0)
    return client.close!
  } finally {
    await client.end()
  }
}

beforeAll(async () => {
  server = await startServer()
  admin = await Api.login(server.url)
  alice = await admin.createUser('alice-tk', 'alice-pw-01234')
  reportA = await admin.createReport('A')
  reportB = await admin.createReport('B')
  strangersReport = await admin.createReport('Not alice\'s')
  await admin.setRole(reportA, alice.id, 'editor')
  await admin.setRole(reportB, alice.id, 'viewer')
})

afterAll(() => stopAndRemove(server))

describe('no long-lived token in the socket URL', () => {
  it('?token= is refused (4401) with a reason that says what to use', async () => {
    const verdict = await open(reportA, `?token=${encodeURIComponent(alice.api.token!)}`)
    expect(verdict).toMatchObject({ code: CLOSE_UNAUTHORIZED, reason: expect.stringMatching(/ticket|Authorization/) })
  })

  it('the Authorization header opens the socket (clients that can set headers)', async () => {
    const client = RawClient.connect(server.wsUrl, reportA, { token: alice.api.token })
    await client.waitSynced()
    await client.end()
  })
})

describe('POST /api/collab-ticket', () => {
  it('a ticket opens the socket once; the replay is refused', async () => {
    const ticket = await ticketFor(alice.api)
    expect(await open(reportA, `?ticket=${ticket}`)).toBe('synced')
    expect(await open(reportA, `?ticket=${ticket}`)).toMatchObject({ code: CLOSE_UNAUTHORIZED, reason: 'ticket unknown' })
  })

  it('an unbound ticket opens any report of its user, not others\' (4403)', async () => {
    expect(await open(reportB, `?ticket=${await ticketFor(alice.api)}`)).toBe('synced')
    expect(await open(strangersReport, `?ticket=${await ticketFor(alice.api)}`)).toMatchObject({ code: 4403 })
  })

  it('a ticket bound to a report opens that one only, and a wrong try uses it up', async () => {
    const ticket = await ticketFor(alice.api, { reportId: reportA })
    expect(await open(reportB, `?ticket=${ticket}`)).toMatchObject({ code: CLOSE_UNAUTHORIZED, reason: 'ticket wrong report' })
    expect(await open(reportA, `?ticket=${ticket}`)).toMatchObject({ code: CLOSE_UNAUTHORIZED, reason: 'ticket unknown' })
    expect(await open(reportA, `?ticket=${await ticketFor(alice.api, { reportId: reportA })}`)).toBe('synced')
  })

  it('a plain GET of the socket URL (no upgrade) does not use the ticket up', async () => {
    const ticket = await ticketFor(alice.api)
    await (await fetch(`${server.url}/collab/${reportA}?ticket=${ticket}`)).text()
    expect(await open(reportA, `?ticket=${ticket}`)).toBe('synced')
  })

  it('forged tickets are refused', async () => {
    for (const forged of ['', 'x', 'A'.repeat(43), encodeURIComponent(alice.api.token!)]) {
      expect(await open(reportA, `?ticket=${forged}`), forged).toMatchObject({ code: CLOSE_UNAUTHORIZED })
    }
  })

  it('a logout voids the tickets issued before it', async () => {
    const bob = await admin.createUser('bob-tk', 'bob-pw-0123456')
    await admin.setRole(reportA, bob.id, 'editor')
    const ticket = await ticketFor(bob.api)
    expect((await bob.api.call('POST', '/api/auth/logout')).status).toBe(200)
    expect(await open(reportA, `?ticket=${ticket}`)).toMatchObject({ code: CLOSE_UNAUTHORIZED, reason: 'ticket revoked' })
  })

  it('needs a signed-in user (401), a report they may read (403; unknown 404, malformed 400), JSON (415), no extra fields (400)', async () => {
    expect((await new Api(server.url).call('POST', '/api/collab-ticket')).status).toBe(401)
    expect((await alice.api.call('POST', '/api/collab-ticket', { reportId: strangersReport })).status).toBe(403)
    expect((await alice.api.call('POST', '/api/collab-ticket', { reportId: 'r' + 'a'.repeat(20) })).status).toBe(404)
    expect((await alice.api.call('POST', '/api/collab-ticket', { reportId: '../x' })).status).toBe(400)
    expect((await alice.api.call('POST', '/api/collab-ticket', { userId: admin.token })).status).toBe(400)
    expect((await alice.api.call('POST', '/api/collab-ticket', '', { 'content-type': 'text/plain' })).status).toBe(415)
  })

  it('the answer is not cached, and a flood of unused tickets is bounded (429 with Retry-After)', async () => {
    const carol = await admin.createUser('carol-tk', 'carol-pw-012345')
    const res = await fetch(`${server.url}/api/collab-ticket`, {
      method: 'POST',
      headers: { authorization: `Bearer ${carol.api.token}`, 'content-type': 'application/json' },
    })
    expect(res.headers.get('cache-control')).toBe('no-store')
    let last: Response = res
    for (let i = 0; i < 100 && last.status === 201; i++) {
      last = await fetch(`${server.url}/api/collab-ticket`, {
        method: 'POST',
        headers: { authorization: `Bearer ${carol.api.token}`, 'content-type': 'application/json' },
      })
    }
    expect(last.status).toBe(429)
    expect(last.headers.get('retry-after')).toBe('60')
    expect(await last.json()).toMatchObject({ error: { code: 'too_many_tickets' } })
  })

  it('a page of a foreign origin cannot use a ticket either (403 before the upgrade)', async () => {
    const ticket = await ticketFor(alice.api)
    const ws = new WebSocket(`${server.wsUrl}/${reportA}?ticket=${ticket}`, { origin: 'http://evil.localhost' })
    const error = await new Promise<Error>((resolve) => ws.on('error', resolve))
    expect(error.message).toContain('403')
    // It was not used up by the refused page.
    expect(await open(reportA, `?ticket=${ticket}`)).toBe('synced')
  })
})
