/**
 * GET /api/reports/:id/kpis computes the report's KPIs from the live
 * document, with their inputs (block ids), and follows edits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { Api } from './helpers/api'
import { openProvider, waitProviderSynced } from './helpers/provider'
import { startServer, type TestServer } from './helpers/startServer'
import { waitUntil } from './helpers/wait'

let server: TestServer
let api: Api

beforeAll(async () => {
  server = await startServer()
  api = await Api.login(server.url)
})
afterAll(async () => {
  await server?.stop()
})

type Kpis = { period: string; values: { key: string; value: number | null; display: string; inputs: { blockId: string; field: string; value: string }[] }[] }
const kpisOf = async (id: string) => (await api.call<Kpis>('GET', `/api/reports/${id}/kpis`)).body
const find = (k: Kpis, key: string) => k.values.find((v) => v.key === key)!

function findMetricRow(fragment: Y.XmlFragment, key: string): Y.XmlElement | null {
  for (const node of fragment.createTreeWalker((n) => n instanceof Y.XmlElement && n.nodeName === 'metricRow')) {
    if ((node as Y.XmlElement).getAttribute('key') === key) return node as Y.XmlElement
  }
  return null
}

describe('GET /api/reports/:id/kpis', () => {
  it('computes the demo report’s KPIs with their inputs, and follows a live edit', async () => {
    const demo = ((await api.call<{ id: string; period: string }[]>('GET', '/api/reports')).body).find((r) => r.period === '2026-10')!
    const before = await kpisOf(demo.id)
    expect(before.period).toBe('2026-10')
    expect(find(before, 'metric.fcr.mom').display).toBe('+2.0%')
    expect(find(before, 'summary.nps').value).toBeCloseTo(40.97, 2)
    expect(find(before, 'summary.grossMargin').display).toBe('19.0%')
    const input = find(before, 'metric.fcr.mom').inputs[0]!
    expect(input).toMatchObject({ field: 'current', value: '92.1' })
    expect(input.blockId).toMatch(/^[0-9a-f-]{36}$/)

    const client = openProvider(server.wsUrl, demo.id, api.token!)
    try {
      await waitProviderSynced(client)
      findMetricRow(client.doc.getXmlFragment('default'), 'fcr')!.setAttribute('current', '99.33')
      await waitUntil(async () => find(await kpisOf(demo.id), 'metric.fcr.mom').inputs[0]!.value === '99.33', 'kpis follow the edit')
      expect(find(await kpisOf(demo.id), 'metric.fcr.mom').display).toBe('+10.0%')
    } finally {
      client.destroy()
    }
  })

  it('answers 401 without a token and 403 to a non-member', async () => {
    const id = await api.createReport('KPI 权限')
    expect((await new Api(server.url).call('GET', `/api/reports/${id}/kpis`)).status).toBe(401)
    const { api: stranger } = await api.createUser('kpi.stranger')
    expect((await stranger.call('GET', `/api/reports/${id}/kpis`)).status).toBe(403)
  })
})
