/**
 * `GET /api/health` stays public (monitors call it without a token), but
 * `?reset=1`, which wipes the event-loop figures an operator watches, is the
 * admin's: 401 without a token, 403 for anyone else, and the figures are kept.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Api } from './helpers/api'
import { stopAndRemove } from './helpers/cleanup'
import { startServer, type TestServer } from './helpers/startServer'

let server: TestServer
let admin: Api
let member: Api

interface Health {
  ok: boolean
  eventLoop: { maxMs: number; p99Ms: number; meanMs: number; sinceMs: number }
}

beforeAll(async () => {
  server = await startServer({ env: { SEED_DEMO: 'false' } })
  admin = await Api.login(server.url)
  member = (await admin.createUser('health-member')).api
})

afterAll(() => stopAndRemove(server))

/** Milliseconds the monitor has been measuring since its last reset. */
async function since(): Promise<number> {
  const res = await new Api(server.url).call<Health>('GET', '/api/health')
  expect(res.status).toBe(200)
  expect(res.body.ok).toBe(true)
  return res.body.eventLoop.sinceMs
}

describe('GET /api/health?reset=1', () => {
  it('plain GET is public and answers the figures', async () => {
    const res = await fetch(`${server.url}/api/health`)
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(((await res.json()) as Health).eventLoop).toMatchObject({ maxMs: expect.any(Number), sinceMs: expect.any(Number) })
  })

  it('without a token: 401, and the figures are not reset', async () => {
    const before = await since()
    const res = await new Api(server.url).call('GET', '/api/health?reset=1')
    expect(res.status).toBe(401)
    expect(res.body).toMatchObject({ error: { code: 'unauthorized' } })
    expect(await since()).toBeGreaterThanOrEqual(before)
  })

  it('with a forged or foreign token: 401, not reset', async () => {
    const before = await since()
    expect((await new Api(server.url, 'x.y.z').call('GET', '/api/health?reset=1')).status).toBe(401)
    expect(await since()).toBeGreaterThanOrEqual(before)
  })

  it('an ordinary user: 403, and the figures are not reset', async () => {
    const before = await since()
    const res = await member.call('GET', '/api/health?reset=1')
    expect(res.status).toBe(403)
    expect(res.body).toMatchObject({ error: { code: 'forbidden' } })
    expect(await since()).toBeGreaterThanOrEqual(before)
  })

  it('the admin resets them', async () => {
    const before = await since()
    expect(before).toBeGreaterThan(50)
    const res = await admin.call<Health>('GET', '/api/health?reset=1')
    expect(res.status).toBe(200)
    expect(res.body.eventLoop.sinceMs).toBeGreaterThanOrEqual(before)
    expect(await since()).toBeLessThan(before)
  })
})
