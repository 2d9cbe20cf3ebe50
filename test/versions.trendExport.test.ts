/**
 * A published version's trend chart shows the published series, its own
 * point published with the version, not "no published data" with a point
 * labelled 本期草稿: v1 and the amendment v1.1, in HTML and Markdown.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { JSONContent } from '@tiptap/core'
import type { PublishedVersion } from '@schema/versions/PublishedVersion'
import type { TrendSeries } from '@schema/trend/TrendSeries'
import { Api } from './helpers/api'
import { stopAndRemove } from './helpers/cleanup'
import { publishableReport } from './helpers/publishableReport'
import { startServer, type TestServer } from './helpers/startServer'

let server: TestServer
let admin: Api

const nodes = (n: JSONContent): JSONContent[] => [n, ...(n.content ?? []).flatMap(nodes)]

async function publishNew(period: string, fcr: string): Promise<string> {
  const created = await admin.call('POST', '/api/reports', { title: `华东 ${period}`, period, series: 'trend-export' })
  expect(created.status).toBe(201)
  const id = (created.body as { id: string }).id
  expect((await admin.call('PUT', `/api/reports/${id}/content`, publishableReport(period, { fcr }))).status).toBe(200)
  const res = await admin.call('POST', `/api/reports/${id}/publish`, {})
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return id
}

async function text(path: string): Promise<string> {
  const res = await fetch(server.url + path, { headers: { authorization: `Bearer ${admin.token}` } })
  expect(res.status).toBe(200)
  return res.text()
}

beforeAll(async () => {
  server = await startServer()
  admin = await Api.login(server.url)
})
afterAll(() => stopAndRemove(server))

describe('a published version’s trend chart', () => {
  let oct: string

  it('v1 shows September and its own October point as published, in the version, HTML and Markdown', async () => {
    await publishNew('2026-09', '88.0')
    oct = await publishNew('2026-10', '92.1')

    const v = JSON.parse(await text(`/api/reports/${oct}/versions/1`)) as PublishedVersion
    const chart = nodes(v.content as JSONContent).find((n) => n.type === 'trendChart' && n.attrs?.metricKey === 'fcr')!
    const series = JSON.parse(chart.attrs!.series as string) as TrendSeries
    expect(series.points.map((p) => [p.period, p.value, p.draft, p.version])).toEqual([
      ['2026-09', 88, false, '1'],
      ['2026-10', 92.1, false, '1'],
    ])

    const html = await text(`/api/reports/${oct}/versions/1/export.html`)
    expect(html).toContain('<svg')
    expect(html).not.toContain('暂无已发布数据')
    expect(html).not.toContain('本期草稿')
    expect(html).not.toContain('trend-draft')
    expect(html.match(/<polyline /g)).toHaveLength(1)

    const md = await text(`/api/reports/${oct}/versions/1/export.md`)
    expect(md).not.toContain('暂无已发布数据')
    expect(md).not.toContain('本期草稿')
    expect(md).toMatch(/\| 2026-09 \| 88\.0 \|/)
    expect(md).toMatch(/\| 2026-10 \| 92\.1 \|/)
  })

  it('the amendment v1.1 marks its own point with version 1.1', async () => {
    expect((await admin.call('POST', `/api/reports/${oct}/unlock`, { reason: '一次解决率数据更正' })).status).toBe(200)
    expect((await admin.call('PUT', `/api/reports/${oct}/content`, publishableReport('2026-10', { fcr: '92.4' }))).status).toBe(200)
    const res = await admin.call('POST', `/api/reports/${oct}/publish`, {})
    expect(res.status, JSON.stringify(res.body)).toBe(201)

    const v = JSON.parse(await text(`/api/reports/${oct}/versions/1.1`)) as PublishedVersion
    const chart = nodes(v.content as JSONContent).find((n) => n.type === 'trendChart' && n.attrs?.metricKey === 'fcr')!
    const series = JSON.parse(chart.attrs!.series as string) as TrendSeries
    expect(series.points.map((p) => [p.period, p.value, p.draft, p.version])).toEqual([
      ['2026-09', 88, false, '1'],
      ['2026-10', 92.4, false, '1.1'],
    ])
    for (const path of ['export.html', 'export.md']) {
      const body = await text(`/api/reports/${oct}/versions/1.1/${path}`)
      expect(body, path).not.toContain('暂无已发布数据')
      expect(body, path).not.toContain('本期草稿')
      expect(body, path).toContain('92.4')
    }
  })
})
