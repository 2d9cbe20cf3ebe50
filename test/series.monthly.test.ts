/**
 * The monthly cycle over a real server: publish 2026-09 and 2026-10 of a
 * series, create 2026-11: last month's values, open actions and goals
 * arrive, and the trend chart has 3 points (two published, one draft).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { JSONContent } from '@tiptap/core'
import { parseCarriedFrom } from '@schema/templates/carryOver'
import type { TrendSeries } from '@schema/trend/TrendSeries'
import { Api } from './helpers/api'
import { stopAndRemove } from './helpers/cleanup'
import { publishableReport } from './helpers/publishableReport'
import { startServer, type TestServer } from './helpers/startServer'
import { waitUntil } from './helpers/wait'

let server: TestServer
let admin: Api

const nodes = (n: JSONContent): JSONContent[] => [n, ...(n.content ?? []).flatMap(nodes)]
const text = (n: JSONContent): string => nodes(n).map((x) => x.text ?? '').join('')

async function create(period: string, series = 'east-test'): Promise<{ id: string; previous: unknown }> {
  const res = await admin.call('POST', '/api/reports', { title: `华东 ${period}`, period, series })
  expect(res.status).toBe(201)
  return res.body
}

async function publish(id: string, period: string, fcr: string): Promise<void> {
  expect((await admin.call('PUT', `/api/reports/${id}/content`, publishableReport(period, { fcr }))).status).toBe(200)
  const res = await admin.call('POST', `/api/reports/${id}/publish`, {})
  expect(res.status, JSON.stringify(res.body)).toBe(201)
}

beforeAll(async () => {
  server = await startServer()
  admin = await Api.login(server.url)
})
afterAll(() => stopAndRemove(server))

describe('monthly cycle', () => {
  let sep: string
  let oct: string

  it('says when the previous period has no published report', async () => {
    const first = await create('2026-09')
    sep = first.id
    expect(first.previous).toBeNull()
  })

  it('publishes 2026-09 and 2026-10; October starts from September', async () => {
    await publish(sep, '2026-09', '88.0')
    const second = await create('2026-10')
    oct = second.id
    expect(second.previous).toMatchObject({ reportId: sep, period: '2026-09', version: '1' })
    const content = (await admin.call('GET', `/api/reports/${oct}/content`)).body as JSONContent
    const fcr = nodes(content).find((n) => n.type === 'metricRow' && n.attrs?.key === 'fcr')
    expect(fcr?.attrs).toMatchObject({ previous: '88.0', current: null })
    await publish(oct, '2026-10', '92.1')
  })

  it('creates 2026-11 with October’s values, open actions and goals, and a 3-point trend', async () => {
    const nov = await create('2026-11')
    expect(nov.previous).toMatchObject({ reportId: oct, period: '2026-10', version: '1', carried: { actions: 3, goals: 3 } })
    const url = `/api/reports/${nov.id}/content`
    const content = (await admin.call('GET', url)).body as JSONContent
    const all = nodes(content)

    const fcr = all.find((n) => n.type === 'metricRow' && n.attrs?.key === 'fcr')!
    expect(fcr.attrs).toMatchObject({ previous: '92.1', current: null, definition: '72 小时内未重复进线的会话 ÷ 全部会话' })

    // The demo has three open actions (doing, doing, todo) and one done: three are carried.
    const carried = all.filter((n) => n.type === 'actionItem' && n.attrs?.carriedFrom)
    expect(carried).toHaveLength(3)
    expect(carried.map((a) => parseCarriedFrom(a.attrs!.carriedFrom as string)?.reportId)).toEqual([oct, oct, oct])
    expect(text(carried[2]!)).toContain('夜班增编 4 人')
    expect(carried.map((a) => a.attrs!.status)).toEqual(['doing', 'doing', 'todo'])

    const outlook = content.content!.find((n) => n.attrs?.key === 'summary_outlook')!
    expect(text(outlook)).toContain('上月目标达成评估')
    expect(text(outlook)).toContain('双十一期间一次解决率由 92.1% 提升至 93.5%')

    // The trend chart of the template (fcr) is written by the server on load.
    let series: TrendSeries | undefined
    await waitUntil(async () => {
      const body = (await admin.call('GET', url)).body as JSONContent
      const chart = nodes(body).find((n) => n.type === 'trendChart' && n.attrs?.metricKey === 'fcr')
      series = chart?.attrs?.series ? (JSON.parse(chart.attrs.series as string) as TrendSeries) : undefined
      return series !== undefined
    }, 'trend series written')
    expect(series!.points.map((p) => [p.period, p.value, p.draft])).toEqual([
      ['2026-09', 88, false],
      ['2026-10', 92.1, false],
      ['2026-11', null, true],
    ])
  })

  it('does not let a user who is not a member of the team’s reports into its series', async () => {
    const outsider = await admin.createUser('outsider')
    const res = await outsider.api.call('POST', '/api/reports', { title: 'x', period: '2026-11', series: 'east-test' })
    expect(res.status).toBe(403)
    expect(res.body.error.code).toBe('series_forbidden')
    expect(JSON.stringify(res.body)).not.toContain('夜班增编')
  })
})
