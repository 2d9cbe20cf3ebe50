/**
 * A series belongs to the people of its reports (server/reports/seriesAccess.ts),
 * with two teams of ordinary users over the real REST API and socket:
 * - only someone who may read the series' latest report (any status) creates
 *   a report in it (403 series_forbidden); a new series is free to start;
 * - a report's trend charts, as its members receive them over the socket,
 *   show only published months every owner of the report may read;
 * - carry-over reads only what the creator may read;
 * - a second published report for a series and month is refused with 409,
 *   also when two are published at once, so the team's next month carries
 *   over from its own report.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { BODY_FIELD } from '@schema/reportSchema'
import type { TrendSeries } from '@schema/trend/TrendSeries'
import { Api } from './helpers/api'
import { stopAndRemove } from './helpers/cleanup'
import { publishableReport } from './helpers/publishableReport'
import { RawClient } from './helpers/rawClient'
import { startServer, type TestServer } from './helpers/startServer'
import { waitUntil } from './helpers/wait'

let server: TestServer
let admin: Api
let alice: { api: Api; id: string }
let bob: { api: Api; id: string }
let carol: { api: Api; id: string }
let mallory: { api: Api; id: string }

beforeAll(async () => {
  server = await startServer()
  admin = await Api.login(server.url)
  alice = await admin.createUser('alice')
  bob = await admin.createUser('bob')
  carol = await admin.createUser('carol')
  mallory = await admin.createUser('mallory')
})
afterAll(() => stopAndRemove(server))

async function create(user: Api, series: string, period: string) {
  return user.call('POST', '/api/reports', { title: `${series} ${period}`, period, series })
}

async function fill(user: Api, id: string, period: string, fcr: string): Promise<void> {
  const res = await user.call('PUT', `/api/reports/${id}/content`, publishableReport(period, { fcr }))
  expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200)
}

async function publish(user: Api, id: string) {
  return user.call('POST', `/api/reports/${id}/publish`, {})
}

/** The fcr trend chart's series in a client's copy of the document, if the server has written it. */
function trendOf(client: RawClient): TrendSeries | undefined {
  for (const n of client.doc.getXmlFragment(BODY_FIELD).createTreeWalker((x) => x instanceof Y.XmlElement && x.nodeName === 'trendChart')) {
    const json = (n as Y.XmlElement).getAttribute('series') as string | undefined
    if (json) return JSON.parse(json) as TrendSeries
  }
  return undefined
}

/** The fcr trend chart's series as a member's socket receives it, once the server has written it. */
async function trendOverSocket(user: Api, reportId: string): Promise<TrendSeries> {
  const client = RawClient.connect(server.wsUrl, reportId, { token: user.token })
  await waitUntil(() => trendOf(client) !== undefined, 'trend series written by the server')
  await client.end()
  return trendOf(client)!
}

const points = (s: TrendSeries) => s.points.map((p) => [p.period, p.display, p.draft])

describe('a series belongs to the people of its reports', () => {
  let august: string
  let september: string
  let october: string
  let octAgain: string

  beforeAll(async () => {
    // Team A: Alice publishes August; Bob, a viewer of August, starts September from it.
    const first = await create(alice.api, 'team-a', '2026-08')
    expect(first.status).toBe(201)
    august = first.body.id
    await fill(alice.api, august, '2026-08', '81.0')
    expect((await publish(alice.api, august)).status).toBe(201)
    await alice.api.setRole(august, bob.id, 'viewer')
    const sep = await create(bob.api, 'team-a', '2026-09')
    expect(sep.status).toBe(201)
    september = sep.body.id
    expect(sep.body.previous).toMatchObject({ reportId: august, period: '2026-08' })
    expect(sep.body.members.map((m: { userId: string; role: string }) => [m.userId, m.role])).toEqual(
      expect.arrayContaining([
        [bob.id, 'owner'],
        [alice.id, 'owner'],
      ]),
    )
  })

  it('lets only those who may read its latest report (here a draft) create a report in it; a new series is free', async () => {
    const refused = await create(mallory.api, 'team-a', '2026-10')
    expect(refused.status).toBe(403)
    expect(refused.body.error.code).toBe('series_forbidden')
    expect(await create(mallory.api, 'team-a', '2026-09')).toMatchObject({ status: 403 })
    expect((await mallory.api.call('GET', '/api/reports')).body).toEqual([])
    expect((await admin.call('GET', '/api/reports')).body.filter((r: { series: string }) => r.series === 'team-a')).toHaveLength(2)

    expect((await create(mallory.api, 'team-b', '2026-09')).status).toBe(201)
  })

  it('shows in a report’s trend chart only the months every owner of the report may read', async () => {
    await fill(bob.api, september, '2026-09', '82.0')
    expect((await publish(bob.api, september)).status).toBe(201)
    // Carol joins the team in September: she may read September, not August.
    await bob.api.setRole(september, carol.id, 'viewer')
    const oct = await create(carol.api, 'team-a', '2026-10')
    expect(oct.status).toBe(201)
    october = oct.body.id
    expect(oct.body.previous).toMatchObject({ reportId: september, period: '2026-09' })

    const carols = await trendOverSocket(carol.api, october)
    expect(points(carols)).toEqual([
      ['2026-09', '82.0', false],
      ['2026-10', '—', true],
    ])
    expect(JSON.stringify(carols)).not.toContain('81.0')
    // The chart is the same for every member: Alice, who may read August, gets what Carol gets.
    expect(points(await trendOverSocket(alice.api, october))).toEqual(points(carols))
    // September's own chart (owners Bob and Alice, both on August) has August.
    expect(points(await trendOverSocket(bob.api, september))[0]).toEqual(['2026-08', '81.0', false])
  })

  it('refuses a second published report for a series and month with 409; the next month carries over from the team’s', async () => {
    // Bob (of the team) starts another September report and tries to publish it over the team's.
    const second = await create(bob.api, 'team-a', '2026-09')
    expect(second.status).toBe(201)
    await fill(bob.api, second.body.id, '2026-09', '0.1')
    const refused = await publish(bob.api, second.body.id)
    expect(refused.status).toBe(409)
    expect(refused.body.error.code).toBe('period_published')
    expect((await bob.api.call('GET', `/api/reports/${second.body.id}`)).body.status).toBe('draft')
    expect((await bob.api.call('GET', `/api/reports/${second.body.id}/versions`)).body).toEqual([])

    // Also while the team's report is unlocked to be amended, its month stays taken.
    expect((await bob.api.call('POST', `/api/reports/${september}/unlock`, { reason: '更正' })).status).toBe(200)
    expect((await publish(bob.api, second.body.id)).status).toBe(409)
    expect((await publish(bob.api, september)).status).toBe(201) // the amendment v1.1

    // Another October draft (drafts are free, publishing is one per month) starts from the team's September.
    const again = await create(alice.api, 'team-a', '2026-10')
    expect(again.status).toBe(201)
    octAgain = again.body.id
    expect(again.body.previous).toMatchObject({ reportId: september, version: '1.1' })
    expect(JSON.stringify((await alice.api.call('GET', `/api/reports/${octAgain}/content`)).body)).not.toContain('"previous":"0.1"')
    expect(points(await trendOverSocket(alice.api, octAgain))).toEqual([
      ['2026-08', '81.0', false],
      ['2026-09', '82.0', false],
      ['2026-10', '—', true],
    ])
  })

  it('redraws an open draft’s trend chart at once when an owner who may not read the months is added', async () => {
    // Alice makes Mallory a co-owner: Mallory does not borrow Alice's access to the team's published months.
    const open = RawClient.connect(server.wsUrl, octAgain, { token: alice.api.token })
    await waitUntil(() => trendOf(open)?.points.length === 3, 'chart with August and September')
    await alice.api.setRole(octAgain, mallory.id, 'owner')
    await waitUntil(() => trendOf(open)?.points.length === 1, () => `chart redrawn: ${JSON.stringify(trendOf(open)?.points)}`)
    expect(points(trendOf(open)!)).toEqual([['2026-10', '—', true]])
    await open.end()
  })

  it('lets one of two reports of the same month published at once through, the other gets 409', async () => {
    const a = (await create(alice.api, 'team-c', '2026-12')).body.id as string
    await alice.api.setRole(a, bob.id, 'viewer')
    const b = (await create(bob.api, 'team-c', '2026-12')).body.id as string
    await fill(alice.api, a, '2026-12', '90.0')
    await fill(bob.api, b, '2026-12', '91.0')
    const answers = (await Promise.all([publish(alice.api, a), publish(bob.api, b)])).map((r) => r.status).sort()
    expect(answers).toEqual([201, 409])
  })
})
