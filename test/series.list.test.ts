/**
 * `GET /api/series` (server/routes/seriesRoutes.ts), over the real REST API:
 * the create form's list of series is exactly the series the caller may add
 * a report to (a role on the latest report), with the latest period, and
 * nothing for a signed-out caller.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Api } from './helpers/api'
import { stopAndRemove } from './helpers/cleanup'
import { startServer, type TestServer } from './helpers/startServer'

let server: TestServer
let admin: Api
let alice: { api: Api; id: string }
let bob: { api: Api; id: string }

beforeAll(async () => {
  server = await startServer()
  admin = await Api.login(server.url)
  alice = await admin.createUser('alice')
  bob = await admin.createUser('bob')
})
afterAll(() => stopAndRemove(server))

interface Summary {
  series: string
  latestPeriod: string
  latestTitle: string
}

const mine = async (user: Api, prefix: string) => {
  const res = await user.call<Summary[]>('GET', '/api/series')
  expect(res.status).toBe(200)
  return res.body.filter((s) => s.series.startsWith(prefix))
}

describe('GET /api/series', () => {
  it('lists the series the caller may create in, with their latest period, latest first', async () => {
    await alice.api.createReport('East Oct', '2026-10', 'ls-east')
    await alice.api.createReport('East Nov', '2026-11', 'ls-east')
    await alice.api.createReport('West Sep', '2026-09', 'ls-west')
    await bob.api.createReport('Bob Dec', '2026-12', 'ls-bob')

    expect(await mine(alice.api, 'ls-')).toEqual([
      { series: 'ls-east', latestPeriod: '2026-11', latestTitle: 'East Nov' },
      { series: 'ls-west', latestPeriod: '2026-09', latestTitle: 'West Sep' },
    ])
    expect((await mine(bob.api, 'ls-')).map((s) => s.series)).toEqual(['ls-bob'])
    // The admin may create in every series.
    expect((await mine(admin, 'ls-')).map((s) => s.series)).toEqual(['ls-bob', 'ls-east', 'ls-west'])
  })

  it('follows the roles on the latest report: a viewer role there lists the series, one only on an older report does not', async () => {
    const oct = await alice.api.createReport('South Oct', '2026-10', 'ls-south')
    await alice.api.setRole(oct, bob.id, 'viewer')
    expect((await mine(bob.api, 'ls-south')).map((s) => s.series)).toEqual(['ls-south'])
    // A newer report bob has no role on becomes the latest: the series is no longer his to add to.
    await alice.api.createReport('South Nov', '2026-11', 'ls-south')
    expect(await mine(bob.api, 'ls-south')).toEqual([])
    const res = await bob.api.call('POST', '/api/reports', { title: 'x', period: '2026-12', series: 'ls-south' })
    expect(res.status).toBe(403)
  })

  it('answers 401 to a signed-out caller', async () => {
    const res = await fetch(`${server.url}/api/series`)
    expect(res.status).toBe(401)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBeTruthy()
  })
})
