/**
 * Cluster mode, the history of a number: editors on two processes change
 * fields of the same metric row; each change crosses to the other process
 * (applied there as REMOTE_ORIGIN) and is recorded once, by the process that
 * received it from its author, whichever process answers the history.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { CellChange } from '@schema/api/cellHistoryApi'
import { Api } from './helpers/api'
import { startCluster, type TestCluster } from './helpers/cluster'
import { bodyOf } from './helpers/doc'
import { publishableReport } from './helpers/publishableReport'
import { RawClient } from './helpers/rawClient'
import { waitUntil } from './helpers/wait'

let cluster: TestCluster
const clients: RawClient[] = []

beforeAll(async () => {
  cluster = await startCluster({ processes: 2 })
})
afterAll(async () => {
  for (const c of clients) c.ws.close()
  await cluster?.cleanup()
})

const fcr = (doc: Y.Doc) => ([...bodyOf(doc).createTreeWalker((n) => n instanceof Y.XmlElement && n.nodeName === 'metricRow')] as Y.XmlElement[]).find((el) => el.getAttribute('key') === 'fcr')!

describe('cluster: cell history', () => {
  it('records each change once, attributed to its author, whichever process received it', async () => {
    const admin = await Api.login(cluster.proxyUrl)
    const li = await admin.createUser('lixia')
    const wang = await admin.createUser('wangfang')
    const reportId = await admin.createReport('Cluster cell history')
    expect((await admin.call('PUT', `/api/reports/${reportId}/content`, publishableReport('2026-11'))).status).toBe(200)
    await admin.setRole(reportId, li.id, 'editor')
    await admin.setRole(reportId, wang.id, 'editor')

    const [a, b] = [RawClient.connect(cluster.servers[0]!.wsUrl, reportId, { token: li.api.token }), RawClient.connect(cluster.servers[1]!.wsUrl, reportId, { token: wang.api.token })]
    clients.push(a, b)
    await Promise.all([a.waitSynced(), b.waitSynced()])
    a.edit((doc) => fcr(doc).setAttribute('current', '93.0'))
    b.edit((doc) => fcr(doc).setAttribute('target', '94'))
    await Promise.all([a.waitSaved(), b.waitSaved()])
    // Each change reached the other process (applied there as a remote update).
    await waitUntil(() => fcr(a.doc).getAttribute('target') === '94' && fcr(b.doc).getAttribute('current') === '93.0', 'both changes on both processes')

    const blockId = fcr(a.doc).getAttribute('id') as string
    for (const server of cluster.servers) {
      const api = new Api(server.url, admin.token)
      const res = await api.call<CellChange[]>('GET', `/api/reports/${reportId}/blocks/${blockId}/history`)
      expect(res.status).toBe(200)
      const seen = res.body.map(({ by, field, from, to }) => ({ by: by.name, field, from, to }))
      expect(seen.sort((x, y) => x.field.localeCompare(y.field))).toEqual([
        { by: 'lixia', field: 'current', from: '92.1', to: '93.0' },
        { by: 'wangfang', field: 'target', from: '92', to: '94' },
      ])
    }
  })
})
