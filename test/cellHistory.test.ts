/**
 * The history of every number, end to end on a real server: two editors of
 * two different users change fields of the same metric row at once (one of
 * them a value twice), a system pushes a value with an API token and adds a
 * row; GET /api/reports/:id/blocks/:blockId/history names who made each
 * change, with its old and new value, oldest first; a reader may read it;
 * typing text records nothing; the history survives a crash (kill -9) and
 * a restart on the same data; CELL_HISTORY=off records nothing.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { CellChange } from '@schema/api/cellHistoryApi'
import { Api } from './helpers/api'
import { stopAndRemove } from './helpers/cleanup'
import { clusterSwitchOn } from './helpers/clusterSwitch'
import { bodyOf, paragraphsOf, textOf } from './helpers/doc'
import { publishableReport } from './helpers/publishableReport'
import { RawClient } from './helpers/rawClient'
import { startServer, type TestServer } from './helpers/startServer'

let server: TestServer
let admin: Api
let li: { api: Api; id: string }
let wang: { api: Api; id: string }
let reader: { api: Api; id: string }
let reportId: string
const clients: RawClient[] = []

const inAYear = () => new Date(Date.now() + 300 * 24 * 3600 * 1000).toISOString()

async function editor(api: Api): Promise<RawClient> {
  const client = RawClient.connect(server.wsUrl, reportId, { token: api.token })
  clients.push(client)
  await client.waitSynced()
  return client
}

const metricRows = (doc: Y.Doc) => [...bodyOf(doc).createTreeWalker((n) => n instanceof Y.XmlElement && n.nodeName === 'metricRow')] as Y.XmlElement[]
const metricRow = (doc: Y.Doc, key: string) => metricRows(doc).find((el) => el.getAttribute('key') === key)!

async function historyOf(api: Api, blockId: string, report = reportId, on = server): Promise<CellChange[]> {
  const res = await new Api(on.url, api.token).call<CellChange[]>('GET', `/api/reports/${report}/blocks/${encodeURIComponent(blockId)}/history`)
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return res.body
}

const strip = (changes: CellChange[]) => changes.map(({ by, field, from, to }) => ({ by: `${by.kind}:${by.name}`, field, from, to }))

beforeAll(async () => {
  server = await startServer()
  admin = await Api.login(server.url)
  li = await admin.createUser('lixia')
  wang = await admin.createUser('wangfang')
  reader = await admin.createUser('reader')
  reportId = await admin.createReport('十一月运营月报', '2026-11', 'cell-history')
  expect((await admin.call('PUT', `/api/reports/${reportId}/content`, publishableReport('2026-11'))).status).toBe(200)
  await admin.setRole(reportId, li.id, 'editor')
  await admin.setRole(reportId, wang.id, 'editor')
  await admin.setRole(reportId, reader.id, 'viewer')
})
afterAll(async () => {
  for (const c of clients) c.ws.close()
  await stopAndRemove(server)
})

describe('CELL_HISTORY=off (the benchmark switch)', () => {
  it('records nothing', async () => {
    const off = await startServer({ env: { CELL_HISTORY: 'off' } })
    try {
      const api = await Api.login(off.url)
      const id = await api.createReport('off', '2026-11', 'cell-history-off')
      expect((await api.call('PUT', `/api/reports/${id}/content`, publishableReport('2026-11'))).status).toBe(200)
      expect((await api.call('PUT', `/api/reports/${id}/metrics`, { metrics: [{ key: 'fcr', current: '1' }] })).status).toBe(200)
      const content = await api.call<{ content: { type: string; attrs?: Record<string, unknown>; content?: unknown[] }[] }>('GET', `/api/reports/${id}/content`)
      const fcrId = JSON.stringify(content.body).match(/"id":"([^"]+)","key":"fcr"/)?.[1]
      expect(fcrId).toBeTruthy()
      expect(await historyOf(api, fcrId!, id, off)).toEqual([])
    } finally {
      await stopAndRemove(off)
    }
  })
})

describe('the history of a metric row', () => {
  let fcrId: string

  it('attributes each change of two concurrent editors to its author, with from and to', async () => {
    const [a, b] = [await editor(li.api), await editor(wang.api)]
    fcrId = metricRow(a.doc, 'fcr').getAttribute('id') as string
    expect(metricRow(a.doc, 'fcr').getAttribute('current')).toBe('92.1')
    expect(await historyOf(reader.api, fcrId)).toEqual([])

    // Sent back to back: neither editor has seen the other's change when it makes its own.
    a.edit((doc) => metricRow(doc, 'fcr').setAttribute('current', '93.0'))
    b.edit((doc) => metricRow(doc, 'fcr').setAttribute('target', '94'))
    a.edit((doc) => metricRow(doc, 'fcr').setAttribute('current', '93.5'))
    await Promise.all([a.waitSaved(), b.waitSaved()])

    const changes = await historyOf(reader.api, fcrId)
    expect(strip(changes).filter((c) => c.field === 'current')).toEqual([
      { by: 'user:lixia', field: 'current', from: '92.1', to: '93.0' },
      { by: 'user:lixia', field: 'current', from: '93.0', to: '93.5' },
    ])
    expect(strip(changes).filter((c) => c.field === 'target')).toEqual([{ by: 'user:wangfang', field: 'target', from: '92', to: '94' }])
    expect(changes).toHaveLength(3)
    expect(changes.find((c) => c.field === 'target')!.by).toEqual({ kind: 'user', id: wang.id, name: 'wangfang' })
    for (const c of changes) expect(Date.parse(c.at)).toBeGreaterThan(Date.now() - 60_000)
    // Oldest first.
    expect([...changes].sort((x, y) => x.at.localeCompare(y.at))).toEqual(changes)
    // Another row is untouched.
    expect(await historyOf(reader.api, metricRow(a.doc, 'csat').getAttribute('id') as string)).toEqual([])
  })

  it('attributes a push with an API token to the token, also for a row it adds', async () => {
    const created = await admin.call<{ id: string; token: string }>('POST', '/api/tokens', { name: 'BI 日报', scope: { reports: [reportId] }, expiresAt: inAYear() })
    expect(created.status).toBe(201)
    const machine = new Api(server.url, created.body.token)
    const pushed = await machine.call('PUT', `/api/reports/${reportId}/metrics`, {
      metrics: [
        { key: 'fcr', current: '94.2' },
        { key: 'nps', name: '净推荐值', current: 41 },
      ],
      createMissing: true,
    })
    expect(pushed.status, JSON.stringify(pushed.body)).toBe(200)
    const byToken = { kind: 'token', id: created.body.id, name: 'BI 日报' }
    expect((await historyOf(reader.api, fcrId)).at(-1)).toMatchObject({ by: byToken, field: 'current', from: '93.5', to: '94.2' })

    const watcher = await editor(admin)
    const nps = metricRow(watcher.doc, 'nps')
    const npsChanges = await historyOf(reader.api, nps.getAttribute('id') as string)
    expect(npsChanges.every((c) => c.from === null && c.by.kind === 'token' && c.by.name === 'BI 日报')).toBe(true)
    expect(Object.fromEntries(npsChanges.map((c) => [c.field, c.to]))).toEqual({ key: 'nps', name: '净推荐值', current: '41', direction: 'higher' })

    // The same push again changes nothing, and records nothing.
    expect((await machine.call('PUT', `/api/reports/${reportId}/metrics`, { metrics: [{ key: 'fcr', current: '94.2' }] })).status).toBe(200)
    expect(await historyOf(reader.api, fcrId)).toHaveLength(4)
  })

  it('attributes a push with a session to the signed-in user', async () => {
    const csat = metricRow(clients.at(-1)!.doc, 'csat')
    expect((await wang.api.call('PUT', `/api/reports/${reportId}/metrics`, { metrics: [{ key: 'csat', previous: '4.40' }] })).status).toBe(200)
    expect(strip(await historyOf(reader.api, csat.getAttribute('id') as string))).toEqual([{ by: 'user:wangfang', field: 'previous', from: '4.47', to: '4.40' }])
  })

  it('records nothing for text typed in a paragraph', async () => {
    const file = path.join(server.dataDir, 'cell-history', `${reportId}.jsonl`)
    const before = clusterSwitchOn() ? null : readFileSync(file, 'utf8')
    const a = await editor(li.api)
    const paragraph = paragraphsOf(a.doc)[0]!
    for (const ch of '本月一次解决率提升') a.edit(() => textOf(paragraph).insert(textOf(paragraph).length, ch))
    await a.waitSaved()
    // A field change after the typing: its entry is the only one appended.
    a.edit((doc) => metricRow(doc, 'csat').setAttribute('note', '问卷样本 1,204 份'))
    await a.waitSaved()
    const csat = await historyOf(reader.api, metricRow(a.doc, 'csat').getAttribute('id') as string)
    expect(strip(csat).at(-1)).toEqual({ by: 'user:lixia', field: 'note', from: null, to: '问卷样本 1,204 份' })
    if (before !== null) {
      const appended = readFileSync(file, 'utf8').slice(before.length).trim().split('\n')
      expect(appended).toHaveLength(1)
      expect(JSON.parse(appended[0]!)).toMatchObject({ field: 'note' })
    }
    expect(await historyOf(reader.api, fcrId)).toHaveLength(4)
  })

  it('answers 404 for an unknown report, 400 for a malformed block id, 403 to a non-member', async () => {
    expect((await reader.api.call('GET', `/api/reports/r${'a'.repeat(20)}/blocks/${fcrId}/history`)).status).toBe(404)
    expect((await reader.api.call('GET', `/api/reports/${reportId}/blocks/${encodeURIComponent('../x y')}/history`)).status).toBe(400)
    const stranger = await admin.createUser('stranger')
    expect((await stranger.api.call('GET', `/api/reports/${reportId}/blocks/${fcrId}/history`)).status).toBe(403)
  })

  it('survives a crash (kill -9) and a restart on the same data', async () => {
    const before = await historyOf(reader.api, fcrId)
    expect(before).toHaveLength(4)
    for (const c of clients.splice(0)) c.ws.terminate()
    await server.kill()
    const dataDir = server.dataDir
    server = await startServer({ dataDir })
    const again = await Api.login(server.url, 'reader', 'tall-river-481')
    expect(await historyOf(again, fcrId)).toEqual(before)
    if (!clusterSwitchOn()) expect(existsSync(path.join(dataDir, 'cell-history', `${reportId}.jsonl`))).toBe(true)
  })
})
