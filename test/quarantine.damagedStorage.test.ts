/**
 * A report whose stored content cannot be loaded, converted or encoded as it
 * is still opens for its owner and the admin: the damaged blocks are
 * quarantined (shown, removable), the rest of the report is intact, a PUT of
 * valid content works, and SIGTERM saves and exits 0.
 *
 * The damage is written straight into the report's store with the storage
 * classes (bypassing every check of the server), as a report written before
 * the limits would hold it: an attribute value nested 5,000 levels deep (no
 * longer readable by lib0), one nested 50,000 levels deep (no longer
 * encodable either), and an object with a non-callable `toString`.
 */
import { existsSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { FileDocStore } from '../server/storage/FileDocStore'
import { Api } from './helpers/api'
import { stopAndRemove } from './helpers/cleanup'
import { bodyOf, pmText, type PmNode } from './helpers/doc'
import { openProvider, waitProviderSynced } from './helpers/provider'
import { startServer, type TestServer } from './helpers/startServer'

const ENV = { SEED_DEMO: 'false' }
let server: TestServer
let admin: Api
let owner: Api
let reportId: string
let intact: PmNode

/** lib0 `any` encoding of a string marker, and of an object nested `levels` deep in its place. */
const encodedString = (s: string) => new Uint8Array([119, s.length, ...Buffer.from(s, 'ascii')])
function nestedObject(levels: number): Uint8Array {
  const out = new Uint8Array(levels * 4 + 3)
  for (let i = 0; i < levels; i++) out.set([118, 1, 1, 0x61], i * 4) // {"a": …
  out.set([119, 1, 0x78], levels * 4) // "x"
  return out
}
function splice(update: Uint8Array, marker: string, levels: number): Uint8Array {
  const needle = encodedString(marker)
  const at = Buffer.from(update).indexOf(Buffer.from(needle))
  if (at < 0) throw new Error(`marker ${marker} not in the update`)
  const value = nestedObject(levels)
  const out = new Uint8Array(update.length - needle.length + value.length)
  out.set(update.subarray(0, at))
  out.set(value, at)
  out.set(update.subarray(at + needle.length), at + value.length)
  return out
}

const firstOf = (doc: Y.Doc, name: string): Y.XmlElement => {
  for (const node of bodyOf(doc).createTreeWalker((n) => n instanceof Y.XmlElement && n.nodeName === name)) return node as Y.XmlElement
  throw new Error(`no ${name}`)
}

/** Writes the damage as one more record of the report's update log, as the server's own appends are. */
async function damageStoredReport(dataDir: string, id: string): Promise<void> {
  const store = new FileDocStore(dataDir)
  const handle = await store.open(id)
  const doc = new Y.Doc()
  Y.applyUpdate(doc, handle.state)
  let update: Uint8Array | null = null
  doc.on('update', (u: Uint8Array) => (update = u))
  doc.transact(() => {
    firstOf(doc, 'issue').setAttribute('owner', '__DEEP_5000__')
    firstOf(doc, 'goal').setAttribute('owner', '__DEEP_50000__')
    firstOf(doc, 'actionItem').setAttribute('owner', { toString: 'x' } as unknown as string)
  })
  await handle.append(splice(splice(update!, '__DEEP_5000__', 5000), '__DEEP_50000__', 50_000))
  await handle.close()
  doc.destroy()
}

const blocksOf = (doc: PmNode, type: string): PmNode[] => {
  const out: PmNode[] = []
  const walk = (n: PmNode) => {
    if (n.type === type) out.push(n)
    for (const c of n.content ?? []) walk(c)
  }
  walk(doc)
  return out
}
/** The body without quarantine blocks, the three damaged blocks and the KPI blocks (recomputed without them): what must be intact. */
const rest = (doc: PmNode): PmNode => {
  const strip = (n: PmNode): PmNode => ({
    ...n,
    content: n.content?.filter((c) => !['quarantine', 'issue', 'goal', 'actionItem', 'kpiBlock'].includes(c.type)).map(strip),
  })
  return strip(doc)
}

beforeAll(async () => {
  server = await startServer({ env: ENV })
  admin = await Api.login(server.url)
  owner = (await admin.createUser('owner1')).api
  reportId = await owner.createReport('损坏的报告')
  intact = (await owner.call<PmNode>('GET', `/api/reports/${reportId}/content`)).body
  expect(await server.stop()).toBe(0)
  await damageStoredReport(server.dataDir, reportId)
  server = await startServer({ dataDir: server.dataDir, port: server.port, env: ENV })
  admin = await Api.login(server.url)
  owner = await Api.login(server.url, 'owner1', 'tall-river-481')
}, 60_000)

afterAll(() => stopAndRemove(server))

describe('a report with damaged stored blocks', () => {
  let opened: PmNode

  it('opens for its owner and the admin, the damaged blocks quarantined, the rest intact', async () => {
    const res = await owner.call<PmNode>('GET', `/api/reports/${reportId}/content`)
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200)
    opened = res.body
    const quarantined = blocksOf(opened, 'quarantine')
    expect(quarantined.map((q) => q.attrs!.originalType).sort()).toEqual(['actionItem', 'goal', 'issue'])
    const raw = (type: string) => String(quarantined.find((q) => q.attrs!.originalType === type)!.attrs!.raw)
    expect(raw('issue')).toMatch(/nested 5000 levels deep/)
    expect(raw('goal')).toMatch(/nested 50000 levels deep/)
    expect(raw('issue')).toMatch(new RegExp(`original bytes are kept on disk in reports/${reportId}/log-\\d+\\.bin\\.original-\\d+`))
    expect(raw('actionItem')).toContain('toString')
    for (const r of quarantined.map((q) => String(q.attrs!.raw))) expect(r.length).toBeLessThan(70 * 1024)
    expect(rest(opened)).toEqual(rest(intact))
    expect(pmText(opened)).toContain(pmText(rest(intact)).split('\n')[0])
    // The original bytes stay on disk next to the log.
    const files = readdirSync(path.join(server.dataDir, 'reports', reportId))
    expect(files.some((f) => /^log-\d+\.bin\.original-\d+$/.test(f))).toBe(true)

    const asAdmin = await admin.call<PmNode>('GET', `/api/reports/${reportId}/content`)
    expect(asAdmin.status).toBe(200)
    expect(blocksOf(asAdmin.body, 'quarantine')).toHaveLength(3)
    expect((await owner.call('GET', `/api/reports/${reportId}/kpis`)).status).toBe(200)
  })

  it('is shown to editors over the socket with the quarantine blocks', async () => {
    const p = openProvider(server.wsUrl, reportId, owner.token!)
    try {
      await waitProviderSynced(p)
      const names: string[] = []
      for (const n of bodyOf(p.doc).createTreeWalker((x) => x instanceof Y.XmlElement)) names.push((n as Y.XmlElement).nodeName)
      expect(names.filter((n) => n === 'quarantine')).toHaveLength(3)
      for (const n of bodyOf(p.doc).createTreeWalker((x) => x instanceof Y.XmlElement)) {
        for (const v of Object.values((n as Y.XmlElement).getAttributes())) expect(typeof v === 'object' && v !== null).toBe(false)
      }
    } finally {
      p.destroy()
    }
  })

  it('takes a PUT of valid content (the quarantine blocks removed), saves on SIGTERM, and loads it after a restart', async () => {
    const cleaned: PmNode = { ...opened, content: opened.content!.map((s) => ({ ...s, content: s.content?.filter((c) => c.type !== 'quarantine') })) }
    const put = await owner.call<PmNode>('PUT', `/api/reports/${reportId}/content`, cleaned)
    expect(put.status, JSON.stringify(put.body).slice(0, 300)).toBe(200)
    expect(blocksOf(put.body, 'quarantine')).toHaveLength(0)
    expect(await server.stop()).toBe(0)
    server = await startServer({ dataDir: server.dataDir, port: server.port, env: ENV })
    owner = await Api.login(server.url, 'owner1', 'tall-river-481')
    const after = await owner.call<PmNode>('GET', `/api/reports/${reportId}/content`)
    expect(after.status).toBe(200)
    expect(after.body).toEqual(put.body)
    expect(existsSync(path.join(server.dataDir, 'reports', reportId))).toBe(true)
  })
})
