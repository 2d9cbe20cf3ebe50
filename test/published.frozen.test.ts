/**
 * A published report's document never changes until it is unlocked, by any
 * path: here the series history changes after the publish (an earlier month
 * is published later), which would change the report's trend chart, and a
 * viewer asks for a check, which flushes the KPI recompute. The Yjs state a
 * fresh socket receives and the REST content are byte-identical before and
 * after; an open viewer socket receives no update.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { Api } from './helpers/api'
import { stopAndRemove } from './helpers/cleanup'
import { publishableReport } from './helpers/publishableReport'
import { RawClient } from './helpers/rawClient'
import { startServer, type TestServer } from './helpers/startServer'

let server: TestServer
let admin: Api

beforeAll(async () => {
  server = await startServer()
  admin = await Api.login(server.url)
})
afterAll(() => stopAndRemove(server))

async function publishNew(series: string, period: string, fcr: string): Promise<string> {
  const created = await admin.call('POST', '/api/reports', { title: `冻结 ${period}`, period, series })
  expect(created.status, JSON.stringify(created.body)).toBe(201)
  const id = created.body.id as string
  expect((await admin.call('PUT', `/api/reports/${id}/content`, publishableReport(period, { fcr }))).status).toBe(200)
  const published = await admin.call('POST', `/api/reports/${id}/publish`, {})
  expect(published.status, JSON.stringify(published.body)).toBe(201)
  return id
}

/** The document's full Yjs state as a fresh socket receives it. */
async function stateOverSocket(reportId: string, token: string): Promise<Uint8Array> {
  const client = RawClient.connect(server.wsUrl, reportId, { token })
  await client.waitSynced()
  const state = Y.encodeStateAsUpdate(client.doc)
  await client.end()
  return state
}

describe('a published report is frozen', () => {
  it('is not written by a viewer’s check after the series history changed', async () => {
    const october = await publishNew('frozen', '2026-10', '92.1')
    const viewer = await admin.createUser('frozen-viewer')
    await admin.setRole(october, viewer.id, 'viewer')

    const contentBefore = JSON.stringify((await viewer.api.call('GET', `/api/reports/${october}/content`)).body)
    const stateBefore = await stateOverSocket(october, viewer.api.token!)
    const open = RawClient.connect(server.wsUrl, october, { token: viewer.api.token })
    await open.waitSynced()
    const updatesBefore = open.updatesReceived.length

    // September is published after October: October's trend chart would now have a point more.
    await publishNew('frozen', '2026-09', '88.0')

    const check = await viewer.api.call('POST', `/api/reports/${october}/check`)
    expect(check.status).toBe(200)

    const stateAfter = await stateOverSocket(october, viewer.api.token!)
    expect(Buffer.from(stateAfter).equals(Buffer.from(stateBefore))).toBe(true)
    expect(JSON.stringify((await viewer.api.call('GET', `/api/reports/${october}/content`)).body)).toBe(contentBefore)
    expect(open.updatesReceived.length).toBe(updatesBefore)
    await open.end()

    // Once unlocked, the amendment draft is recomputed as usual: the trend gains September.
    expect((await admin.call('POST', `/api/reports/${october}/unlock`, { reason: '补充九月数据' })).status).toBe(200)
    expect((await admin.call('POST', `/api/reports/${october}/check`)).status).toBe(200)
    const amended = JSON.stringify((await admin.call('GET', `/api/reports/${october}/content`)).body)
    expect(amended).not.toBe(contentBefore)
    expect(amended).toContain('2026-09')
  })
})
