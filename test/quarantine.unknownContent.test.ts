/**
 * Unknown content from a bad peer or an older client is kept as a
 * quarantine block (type and raw XML), never deleted: not by the server,
 * not by editors, not after other edits or a restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { Api } from './helpers/api'
import { openProvider, waitProviderSynced, type TestProvider } from './helpers/provider'
import { startServer, type TestServer } from './helpers/startServer'
import { waitUntil } from './helpers/wait'

let server: TestServer
let api: Api
let reportId: string
const providers: TestProvider[] = []

beforeAll(async () => {
  server = await startServer({ env: { SEED_DEMO: 'false' } })
  api = await Api.login(server.url)
  reportId = await api.createReport('隔离测试')
})

afterAll(async () => {
  for (const p of providers) p.destroy()
  await server?.stop()
})

const topNames = (doc: Y.Doc) => doc.getXmlFragment('default').toArray().map((n) => (n as Y.XmlElement).nodeName)
const contentOf = async () => JSON.stringify((await api.call('GET', `/api/reports/${reportId}/content`)).body)

describe('unknown content', () => {
  it('is quarantined with its raw content, survives edits elsewhere and a restart', async () => {
    const bad = openProvider(server.wsUrl, reportId, api.token!)
    const editor = openProvider(server.wsUrl, reportId, api.token!)
    providers.push(bad, editor)
    await waitProviderSynced(bad)
    await waitProviderSynced(editor)

    const widget = new Y.XmlElement('futureWidget')
    widget.setAttribute('level', '3')
    widget.insert(0, [new Y.XmlText('来自未来版本的内容')])
    bad.doc.getXmlFragment('default').insert(1, [widget])

    // The editor never sees the unknown type, only the quarantine block in its place.
    await waitUntil(() => topNames(editor.doc).includes('quarantine'), 'editor sees the quarantine block')
    expect(topNames(editor.doc)).not.toContain('futureWidget')
    const q = editor.doc.getXmlFragment('default').get(1) as Y.XmlElement
    expect(q.nodeName).toBe('quarantine')
    expect(q.getAttribute('originalType')).toBe('futureWidget')
    expect(q.getAttribute('raw')).toContain('来自未来版本的内容')
    expect(q.getAttribute('raw')).toContain('level="3"')

    // Another client edits elsewhere; the quarantined content stays.
    const heading = editor.doc.getXmlFragment('default').get(0) as Y.XmlElement
    ;(heading.get(0) as Y.XmlText).insert(0, '已编辑 ')
    await waitUntil(async () => (await contentOf()).includes('已编辑'), 'edit stored')
    const stored = await contentOf()
    expect(stored).toContain('"type":"quarantine"')
    expect(stored).toContain('来自未来版本的内容')

    for (const p of providers.splice(0)) p.destroy()
    expect(await server.stop()).toBe(0)
    server = await startServer({ dataDir: server.dataDir, port: server.port, env: { SEED_DEMO: 'false' } })
    api = await Api.login(server.url)
    const after = await contentOf()
    expect(after).toContain('"type":"quarantine"')
    expect(after).toContain('来自未来版本的内容')
    expect(after).toContain('已编辑')
  })
})
