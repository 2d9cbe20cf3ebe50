/**
 * Attribute values no reader may get, written over the socket by a raw Yjs
 * client into the writer's own report: an object with a non-callable
 * `toString` (String(v) throws) and an object nested just under the socket's
 * refusal depth. They are quarantined before anyone sees them (the block
 * kept as a quarantine block with a description of the value); the KPI
 * recompute that follows and every REST read work, and the server stays up.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { Api } from './helpers/api'
import { stopAndRemove } from './helpers/cleanup'
import { bodyOf } from './helpers/doc'
import { openProvider, waitProviderSynced, type TestProvider } from './helpers/provider'
import { startServer, type TestServer } from './helpers/startServer'
import { waitUntil } from './helpers/wait'

let server: TestServer
let api: Api
let reportId: string
const providers: TestProvider[] = []

beforeAll(async () => {
  server = await startServer({ env: { SEED_DEMO: 'false', KPI_DEBOUNCE_MS: '20', KPI_MAX_WAIT_MS: '50' } })
  const admin = await Api.login(server.url)
  api = (await admin.createUser('writer1')).api
  reportId = await api.createReport('有害的值')
})

afterAll(async () => {
  for (const p of providers) p.destroy()
  await stopAndRemove(server)
})

const firstOf = (doc: Y.Doc, name: string): Y.XmlElement => {
  for (const node of bodyOf(doc).createTreeWalker((n) => n instanceof Y.XmlElement && n.nodeName === name)) return node as Y.XmlElement
  throw new Error(`no ${name}`)
}
const names = (doc: Y.Doc) => {
  const out: string[] = []
  for (const n of bodyOf(doc).createTreeWalker((x) => x instanceof Y.XmlElement)) out.push((n as Y.XmlElement).nodeName)
  return out
}

describe('hostile attribute values over the socket', () => {
  it('are quarantined with their block; KPIs, reads and the process survive', async () => {
    const bad = openProvider(server.wsUrl, reportId, api.token!)
    const other = openProvider(server.wsUrl, reportId, api.token!)
    providers.push(bad, other)
    await waitProviderSynced(bad)
    await waitProviderSynced(other)
    let deep: unknown = 'x'
    for (let i = 0; i < 90; i++) deep = { a: deep }
    bad.doc.transact(() => {
      firstOf(bad.doc, 'metricRow').setAttribute('current', { toString: 'x' } as unknown as string)
      firstOf(bad.doc, 'issue').setAttribute('owner', deep as string)
    })
    await waitUntil(() => names(other.doc).filter((n) => n === 'quarantine').length === 2, 'the other client sees two quarantine blocks')
    expect(names(other.doc)).not.toContain('issue')
    for (const n of bodyOf(other.doc).createTreeWalker((x) => x instanceof Y.XmlElement)) {
      for (const v of Object.values((n as Y.XmlElement).getAttributes())) expect(typeof v).not.toBe('object')
    }
    // The KPI recompute ran after the change (it reads metric rows), and the server is still up.
    const kpis = await api.call('GET', `/api/reports/${reportId}/kpis`)
    expect(kpis.status).toBe(200)
    const content = await api.call('GET', `/api/reports/${reportId}/content`)
    expect(content.status).toBe(200)
    const text = JSON.stringify(content.body)
    expect(text).toContain('toString')
    // The table takes rows only: the row is taken out and its quarantine block follows the table,
    // whose other rows stay as they were.
    expect(text).toContain('"originalType":"metricRow"')
    expect(text).toMatch(/attribute \\"current\\": a value of type object/)
    expect(names(other.doc)).toContain('metricsTable')
    expect(text).toContain('"originalType":"issue"')
    expect(server.proc.exitCode).toBeNull()
    expect((await api.call('POST', `/api/reports/${reportId}/check`, {})).status).toBe(200)
  })
})
