/**
 * Text formatted with a mark the schema does not know (a raw Yjs client
 * writes a Y.XmlText format attribute such as `{"evilMark": {}}`) is kept:
 * quarantined with its text, never deleted by a server-side conversion
 * (y-tiptap's deletes text it cannot map, and the server stored and relayed
 * that deletion). Read back through GET /content, a snapshot, and the live
 * document of a second client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { Api } from './helpers/api'
import { stopAndRemove } from './helpers/cleanup'
import { paragraphsOf, textOf } from './helpers/doc'
import { openProvider, waitProviderSynced, type TestProvider } from './helpers/provider'
import { startServer, type TestServer } from './helpers/startServer'
import { waitUntil } from './helpers/wait'

let server: TestServer
let api: Api
let reportId: string
const providers: TestProvider[] = []

beforeAll(async () => {
  server = await startServer({ env: { SEED_DEMO: 'false', SNAPSHOT_INTERVAL_MS: '100' } })
  api = await Api.login(server.url)
  reportId = await api.createReport('未知标记')
})

afterAll(async () => {
  for (const p of providers) p.destroy()
  await stopAndRemove(server)
})

const contentText = async () => JSON.stringify((await api.call('GET', `/api/reports/${reportId}/content`)).body)
/** Everything the live document of a client holds: texts and attribute values (a quarantine block's raw). */
const liveText = (doc: Y.Doc) => doc.getXmlFragment('default').toJSON()

describe('text with an unknown mark', () => {
  it('stays in GET /content, the snapshots and the live document of another client', async () => {
    const bad = openProvider(server.wsUrl, reportId, api.token!)
    const other = openProvider(server.wsUrl, reportId, api.token!)
    providers.push(bad, other)
    await waitProviderSynced(bad)
    await waitProviderSynced(other)

    const paragraph = paragraphsOf(bad.doc)[0]!
    textOf(paragraph).insert(0, '整段文字必须保留')
    await waitUntil(async () => (await contentText()).includes('整段文字必须保留'), 'the text is stored')

    // One character formatted with a mark the schema does not know.
    textOf(paragraphsOf(bad.doc)[0]!).format(0, 1, { evilMark: {} })
    await waitUntil(() => liveText(other.doc).includes('evilMark'), 'the other client has the change')

    // Every server-side conversion after it: GET /content, the autosnapshot, KPIs.
    const stored = await contentText()
    expect(stored).toContain('整')
    expect(stored).toContain('段文字必须保留')
    expect(stored).toContain('evilMark')
    await waitUntil(async () => {
      const history = (await api.call<{ snapshots: { id: string }[] }>('GET', `/api/reports/${reportId}/history`)).body
      return history.snapshots.length > 0
    }, 'a snapshot is taken')
    const history = (await api.call<{ snapshots: { id: string }[] }>('GET', `/api/reports/${reportId}/history`)).body
    const snapshot = JSON.stringify((await api.call('GET', `/api/reports/${reportId}/snapshots/${history.snapshots[0]!.id}`)).body)
    expect(snapshot).toContain('段文字必须保留')
    expect(snapshot).toContain('evilMark')

    // Nothing deleted it in the meantime, for either client.
    for (const p of [other, bad]) {
      expect(liveText(p.doc)).toContain('段文字必须保留')
      expect(liveText(p.doc)).toContain('evilMark')
    }
    // And after a restart.
    for (const p of providers.splice(0)) p.destroy()
    expect(await server.stop()).toBe(0)
    server = await startServer({ dataDir: server.dataDir, port: server.port, env: { SEED_DEMO: 'false' } })
    api = await Api.login(server.url)
    const after = await contentText()
    expect(after).toContain('段文字必须保留')
    expect(after).toContain('evilMark')
  })

  it('an attribute the schema does not know, on a block or on a mark, is kept with its text too', async () => {
    const bad = openProvider(server.wsUrl, reportId, api.token!)
    const other = openProvider(server.wsUrl, reportId, api.token!)
    providers.push(bad, other)
    await waitProviderSynced(bad)
    await waitProviderSynced(other)
    const [first, second] = paragraphsOf(bad.doc).slice(1)
    bad.doc.transact(() => {
      textOf(first!).insert(0, '带未知属性的段落')
      first!.setAttribute('evilAttr', 'keep-me')
      textOf(second!).insert(0, '带未知链接属性', { link: { href: 'https://example.test/', evilLinkAttr: 'kept-too' } })
    })
    await waitUntil(() => liveText(other.doc).includes('带未知链接属性'), 'the other client has the change')
    const stored = await contentText()
    for (const piece of ['带未知属性的段落', 'evilAttr', 'keep-me', '带未知链接属性', 'evilLinkAttr', 'kept-too']) {
      expect(stored).toContain(piece)
      expect(liveText(other.doc)).toContain(piece)
    }
  })
})
