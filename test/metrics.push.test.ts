/**
 * Machine push of metric values, end to end on a real server: API tokens
 * (created, listed without their secret, used, last use recorded, revoked at
 * once), their limits (scope, the creator's role now, the routes they reach),
 * and PUT …/metrics written by the server as its own peer: seen live by an
 * open editor, the KPIs recomputed, one change per request, nothing the second
 * time, unknown keys refused unless createMissing, 423 once published, audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { Api } from './helpers/api'
import { stopAndRemove } from './helpers/cleanup'
import { publishableReport } from './helpers/publishableReport'
import { RawClient } from './helpers/rawClient'
import { startServer, type TestServer } from './helpers/startServer'
import { quietPeriod, waitUntil } from './helpers/wait'

const KPI_DEBOUNCE_MS = 100

let server: TestServer
let admin: Api
let pusher: { api: Api; id: string }
/** Reports with the demo body (metric keys fcr, csat, revenue, …), pusher an editor of each. */
let reportA: string
let reportB: string
const clients: RawClient[] = []

const inAYear = () => new Date(Date.now() + 300 * 24 * 3600 * 1000).toISOString()

async function reportWithDemoBody(series: string, period = '2026-11'): Promise<string> {
  const id = await admin.createReport(`Push ${series}`, period, series)
  const put = await admin.call('PUT', `/api/reports/${id}/content`, publishableReport(period))
  expect(put.status).toBe(200)
  return id
}

async function createToken(api: Api, scope: { series?: string[]; reports?: string[] }, name = 'BI 日报'): Promise<{ id: string; token: string }> {
  const res = await api.call<{ id: string; token: string }>('POST', '/api/tokens', { name, scope, expiresAt: inAYear() })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return res.body
}

const withToken = (token: string) => new Api(server.url, token)

async function editor(reportId: string): Promise<RawClient> {
  const client = RawClient.connect(server.wsUrl, reportId, { token: admin.token })
  clients.push(client)
  await client.waitSynced()
  return client
}

function elements(doc: Y.Doc, name: string): Y.XmlElement[] {
  return [...doc.getXmlFragment('default').createTreeWalker((n) => n instanceof Y.XmlElement && n.nodeName === name)] as Y.XmlElement[]
}
const metricRow = (doc: Y.Doc, key: string) => elements(doc, 'metricRow').find((el) => el.getAttribute('key') === key)
const metricsMet = (doc: Y.Doc) => {
  const block = elements(doc, 'kpiBlock').find((el) => (el.getAttribute('scope') ?? 'summary') === 'summary')!
  return (JSON.parse((block.getAttribute('values') as string) ?? '[]') as { key: string; display: string }[]).find((v) => v.key === 'summary.metricsMet')?.display
}

beforeAll(async () => {
  server = await startServer({ env: { KPI_DEBOUNCE_MS: String(KPI_DEBOUNCE_MS) } })
  admin = await Api.login(server.url)
  pusher = await admin.createUser('pusher')
  reportA = await reportWithDemoBody('push-a')
  reportB = await reportWithDemoBody('push-b')
  for (const id of [reportA, reportB]) await admin.setRole(id, pusher.id, 'editor')
})
afterAll(async () => {
  for (const c of clients) c.ws.close()
  await stopAndRemove(server)
})

describe('API tokens', () => {
  it('are created with the secret shown once, listed without it, record their last use, and stop at once when revoked', async () => {
    const created = await pusher.api.call<Record<string, unknown>>('POST', '/api/tokens', { name: 'CRM 同步', scope: { reports: [reportA] }, expiresAt: inAYear() })
    expect(created.status).toBe(201)
    const secret = created.body.token as string
    expect(secret).toMatch(/^opr_[A-Za-z0-9_-]{43}$/)
    expect(created.body).toMatchObject({ name: 'CRM 同步', scope: { reports: [reportA] }, lastUsedAt: null, revoked: false })

    const listed = await pusher.api.call<Record<string, unknown>[]>('GET', '/api/tokens')
    expect(listed.status).toBe(200)
    const entry = listed.body.find((t) => t.id === created.body.id)!
    expect(entry).toMatchObject({ name: 'CRM 同步', lastUsedAt: null, revoked: false })
    expect(Object.keys(entry).sort()).toEqual(['createdAt', 'expiresAt', 'id', 'lastUsedAt', 'name', 'revoked', 'scope'])
    expect(JSON.stringify(listed.body)).not.toContain(secret.slice(4))
    // Nobody else sees it; the secret is not in the data folder either (only its hash).
    expect((await admin.call<unknown[]>('GET', '/api/tokens')).body).toEqual([])

    const machine = withToken(secret)
    const pushed = await machine.call('PUT', `/api/reports/${reportA}/metrics`, { metrics: [{ key: 'revenue', current: 41 }] })
    expect(pushed.status, JSON.stringify(pushed.body)).toBe(200)
    const used = (await pusher.api.call<Record<string, unknown>[]>('GET', '/api/tokens')).body.find((t) => t.id === created.body.id)!
    expect(Date.parse(used.lastUsedAt as string)).toBeGreaterThan(Date.parse(created.body.createdAt as string) - 1)

    const revoked = await pusher.api.call<Record<string, unknown>>('DELETE', `/api/tokens/${created.body.id as string}`)
    expect(revoked.status).toBe(200)
    expect(revoked.body.revoked).toBe(true)
    const after = await machine.call<{ error: { code: string } }>('PUT', `/api/reports/${reportA}/metrics`, { metrics: [{ key: 'revenue', current: 41 }] })
    expect(after.status).toBe(401)
    expect((await machine.call('GET', `/api/reports/${reportA}`)).status).toBe(401)
  })

  it('reach only the push routes and the reports of their scope: every other route answers 403', async () => {
    const { token } = await createToken(pusher.api, { reports: [reportA] })
    const machine = withToken(token)
    expect((await machine.call('GET', `/api/reports/${reportA}`)).status).toBe(200)
    expect((await machine.call('GET', `/api/reports/${reportA}/content`)).status).toBe(200)
    for (const [method, path, body] of [
      ['GET', '/api/tokens'],
      ['POST', '/api/tokens', { name: 'more', scope: { reports: [reportA] }, expiresAt: inAYear() }],
      ['GET', '/api/reports'],
      ['GET', '/api/auth/me'],
      ['PUT', `/api/reports/${reportA}/content`, publishableReport('2026-11')],
      ['POST', `/api/reports/${reportA}/publish`, {}],
      ['GET', `/api/reports/${reportA}/activity`],
    ] as [string, string, unknown?][]) {
      const res = await machine.call<{ error: { code: string } }>(method, path, body)
      expect(res.status, `${method} ${path}`).toBe(403)
      expect(res.body.error.code, `${method} ${path}`).toBe('token_not_allowed')
    }
    // An unknown token is refused before anything else.
    expect((await withToken('opr_' + 'x'.repeat(43)).call('GET', `/api/reports/${reportA}`)).status).toBe(401)
  })

  it('refuse a report outside their scope (403 out_of_scope); a series scope reaches the series endpoint', async () => {
    const byReport = withToken((await createToken(pusher.api, { reports: [reportA] })).token)
    const outside = await byReport.call<{ error: { code: string } }>('PUT', `/api/reports/${reportB}/metrics`, { metrics: [{ key: 'revenue', current: 40 }] })
    expect(outside.status).toBe(403)
    expect(outside.body.error.code).toBe('out_of_scope')
    expect((await byReport.call<{ error: { code: string } }>('GET', `/api/reports/${reportB}`)).body.error.code).toBe('out_of_scope')
    const seriesOutside = await byReport.call<{ error: { code: string } }>('PUT', '/api/series/push-b/periods/2026-11/metrics', { metrics: [{ key: 'revenue', current: 40 }] })
    expect(seriesOutside.status).toBe(403)
    expect(seriesOutside.body.error.code).toBe('out_of_scope')

    const bySeries = withToken((await createToken(pusher.api, { series: ['push-b'] })).token)
    const pushed = await bySeries.call<{ reportId: string; updated: string[] }>('PUT', '/api/series/push-b/periods/2026-11/metrics', { metrics: [{ key: 'revenue', current: 39.5 }] })
    expect(pushed.status, JSON.stringify(pushed.body)).toBe(200)
    expect(pushed.body).toMatchObject({ reportId: reportB, updated: ['revenue'] })
    expect((await bySeries.call('PUT', `/api/reports/${reportB}/metrics`, { metrics: [{ key: 'revenue', current: 39.5 }] })).status).toBe(200)
    expect((await bySeries.call<{ error: { code: string } }>('PUT', `/api/reports/${reportA}/metrics`, { metrics: [{ key: 'revenue', current: 1 }] })).body.error.code).toBe('out_of_scope')
    expect((await bySeries.call('PUT', '/api/series/push-b/periods/2026-12/metrics', { metrics: [{ key: 'revenue', current: 1 }] })).status).toBe(404)
  })

  it('never do more than their creator may now: demoted to viewer 403, deactivated 401 (a sign-out everywhere leaves them)', async () => {
    const owner = await admin.createUser('demoted')
    const id = await reportWithDemoBody('push-demoted')
    await admin.setRole(id, owner.id, 'editor')
    const machine = withToken((await createToken(owner.api, { reports: [id] })).token)
    const body = { metrics: [{ key: 'revenue', current: 42 }] }
    expect((await machine.call('PUT', `/api/reports/${id}/metrics`, body)).status).toBe(200)
    await admin.setRole(id, owner.id, 'viewer')
    const demoted = await machine.call<{ error: { code: string } }>('PUT', `/api/reports/${id}/metrics`, body)
    expect(demoted.status).toBe(403)
    expect(demoted.body.error.code).toBe('forbidden')
    // A scope may not name a report its creator cannot edit.
    expect((await owner.api.call('POST', '/api/tokens', { name: 'x', scope: { reports: [id] }, expiresAt: inAYear() })).status).toBe(403)
    await admin.setRole(id, owner.id, 'editor')
    expect((await machine.call('PUT', `/api/reports/${id}/metrics`, body)).status).toBe(200)
    // Signing out everywhere ends the creator's sessions, not their API tokens (revoked one by one, or by deactivation).
    expect((await owner.api.call('POST', '/api/auth/logout')).status).toBe(200)
    expect((await owner.api.call('GET', '/api/tokens')).status).toBe(401)
    expect((await machine.call('PUT', `/api/reports/${id}/metrics`, body)).status).toBe(200)
    expect((await admin.call('POST', `/api/users/${owner.id}/deactivate`)).status).toBe(200)
    expect((await machine.call('PUT', `/api/reports/${id}/metrics`, body)).status).toBe(401)
  })

  it('refuse a missing scope and an expiry in the past or more than a year ahead (400)', async () => {
    const create = (body: unknown) => pusher.api.call('POST', '/api/tokens', body)
    expect((await create({ name: 'x', scope: {}, expiresAt: inAYear() })).status).toBe(400)
    expect((await create({ name: 'x', scope: { series: ['push-a'] } })).status).toBe(400)
    expect((await create({ name: 'x', scope: { series: ['push-a'] }, expiresAt: new Date(Date.now() - 1000).toISOString() })).status).toBe(400)
    expect((await create({ name: 'x', scope: { series: ['push-a'] }, expiresAt: new Date(Date.now() + 400 * 24 * 3600 * 1000).toISOString() })).status).toBe(400)
  })
})

describe('PUT …/metrics', () => {
  it('is seen live by an open editor as one change, recomputes the KPIs, and changes nothing when sent again', async () => {
    const client = await editor(reportA)
    const machine = withToken((await createToken(pusher.api, { reports: [reportA] })).token)
    // Wait out the KPI recompute of anything before (the earlier tests pushed into this report).
    await quietPeriod(KPI_DEBOUNCE_MS * 3, 'a KPI recompute of earlier pushes')
    await client.roundTrip()
    const metBefore = metricsMet(client.doc)!
    const [met, all] = metBefore.split(' / ').map(Number)
    // Counts the document changes that touch metric rows, one per transaction as received.
    let rowChanges = 0
    client.doc.getXmlFragment('default').observeDeep((events) => {
      if (events.some((e) => e.target instanceof Y.XmlElement && e.target.nodeName === 'metricRow')) rowChanges++
    })

    const body = { metrics: [{ key: 'fcr', current: 80, source: 'CRM 导出' }, { key: 'csat', current: '4.5', target: 4.55 }] }
    const first = await machine.call<{ updated: string[]; unchanged: string[] }>('PUT', `/api/reports/${reportA}/metrics`, body)
    expect(first.status, JSON.stringify(first.body)).toBe(200)
    expect(first.body).toMatchObject({ reportId: reportA, updated: ['fcr', 'csat'], created: [], unchanged: [] })
    await waitUntil(() => metricRow(client.doc, 'fcr')?.getAttribute('current') === '80', 'the editor sees the pushed value')
    expect(metricRow(client.doc, 'fcr')!.getAttribute('source')).toBe('CRM 导出')
    expect(metricRow(client.doc, 'csat')!.getAttributes()).toMatchObject({ current: '4.5', target: '4.55' })
    expect(rowChanges).toBe(1) // both rows in one transaction
    // fcr: target 92, higher is better: 80 misses it now.
    await waitUntil(() => metricsMet(client.doc) !== metBefore, 'the KPIs recomputed by the server')
    expect(metricsMet(client.doc)).toBe(`${met! - 1} / ${all}`)

    await quietPeriod(KPI_DEBOUNCE_MS * 3, 'any later recompute')
    await client.roundTrip()
    const updates = client.updatesReceived.length
    const second = await machine.call('PUT', `/api/reports/${reportA}/metrics`, body)
    expect(second.status).toBe(200)
    expect(second.body).toMatchObject({ updated: [], created: [], unchanged: ['fcr', 'csat'] })
    await quietPeriod(KPI_DEBOUNCE_MS * 3, 'a Yjs update or a KPI recompute the second push would cause')
    await client.roundTrip()
    expect(client.updatesReceived.length).toBe(updates)
    expect(rowChanges).toBe(1)
  })

  it('refuses unknown keys with 400 naming them, writing nothing; createMissing appends them to the first metrics table', async () => {
    const client = await editor(reportA)
    const machine = withToken((await createToken(pusher.api, { reports: [reportA] })).token)
    const refused = await machine.call<{ error: { code: string; details: { keys: string[] } } }>('PUT', `/api/reports/${reportA}/metrics`, {
      metrics: [{ key: 'revenue', current: 1 }, { key: 'tickets_new', current: 5 }, { key: 'churn', current: 2 }],
    })
    expect(refused.status).toBe(400)
    expect(refused.body.error.code).toBe('unknown_metrics')
    expect(refused.body.error.details.keys).toEqual(['tickets_new', 'churn'])
    await client.roundTrip()
    expect(metricRow(client.doc, 'revenue')!.getAttribute('current')).not.toBe('1')

    const created = await machine.call('PUT', `/api/reports/${reportA}/metrics`, {
      metrics: [{ key: 'tickets_new', name: '新增工单', current: 1200, unit: '件' }],
      createMissing: true,
    })
    expect(created.status, JSON.stringify(created.body)).toBe(200)
    expect(created.body).toMatchObject({ created: ['tickets_new'], updated: [] })
    await waitUntil(() => metricRow(client.doc, 'tickets_new') !== undefined, 'the new row arrives')
    const row = metricRow(client.doc, 'tickets_new')!
    expect(row.getAttributes()).toMatchObject({ key: 'tickets_new', name: '新增工单', current: '1200', unit: '件', direction: 'higher' })
    expect(row.getAttribute('id')).toMatch(/^[0-9a-f-]{36}$/)
    expect(row.parent).toBe(elements(client.doc, 'metricsTable')[0])
    // The content as REST reads it has the row (the body stays valid for the schema).
    const content = await admin.call<unknown>('GET', `/api/reports/${reportA}/content`)
    expect(JSON.stringify(content.body)).toContain('新增工单')
    // A value the metric row refuses (too long for a number) is a 400 before anything is written.
    const tooLong = await machine.call('PUT', `/api/reports/${reportA}/metrics`, { metrics: [{ key: 'revenue', current: '9'.repeat(65) }] })
    expect(tooLong.status).toBe(400)
    const tooMany = await machine.call('PUT', `/api/reports/${reportA}/metrics`, {
      metrics: Array.from({ length: 501 }, (_, i) => ({ key: `k${i}`, current: i })),
      createMissing: true,
    })
    expect(tooMany.status).toBe(400)
  })

  it('answers 423 on a published report', async () => {
    const id = await reportWithDemoBody('push-published', '2026-10')
    await admin.setRole(id, pusher.id, 'editor')
    const machine = withToken((await createToken(pusher.api, { reports: [id] })).token)
    const published = await admin.call('POST', `/api/reports/${id}/publish`, {})
    expect(published.status, JSON.stringify(published.body)).toBe(201)
    const res = await machine.call<{ error: { code: string } }>('PUT', `/api/reports/${id}/metrics`, { metrics: [{ key: 'revenue', current: 1 }] })
    expect(res.status).toBe(423)
    expect(res.body.error.code).toBe('locked')
    const bySeries = await pusher.api.call('PUT', '/api/series/push-published/periods/2026-10/metrics', { metrics: [{ key: 'revenue', current: 1 }] })
    expect(bySeries.status).toBe(423)
  })

  it('puts every push in the report’s activity, with the token that made it', async () => {
    const machine = withToken((await createToken(pusher.api, { reports: [reportB] }, 'BI nightly')).token)
    expect((await machine.call('PUT', `/api/reports/${reportB}/metrics`, { metrics: [{ key: 'revenue', current: 12 }] })).status).toBe(200)
    expect((await machine.call('PUT', `/api/reports/${reportB}/metrics`, { metrics: [{ key: 'revenue', current: 12 }] })).status).toBe(200)
    const activity = await admin.call<{ entries: { action: string; actor: { id: string }; detail: Record<string, unknown> }[] }>('GET', `/api/reports/${reportB}/activity`)
    const pushes = activity.body.entries.filter((e) => e.action === 'report.metrics.push' && e.detail.tokenName === 'BI nightly')
    expect(pushes).toHaveLength(2)
    expect(pushes[1]).toMatchObject({ actor: { id: pusher.id }, detail: { via: 'token', updated: 1, unchanged: 0, keys: ['revenue'] } })
    expect(pushes[0]).toMatchObject({ detail: { via: 'token', updated: 0, unchanged: 1 } })
  })
})
