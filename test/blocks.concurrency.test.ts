/**
 * Structured blocks merge field by field: two y-websocket clients edit the
 * same report offline at the same moment (no sync in between) and, after
 * both reconnect, both clients and the server's /content hold every edit.
 * Different fields of one metric row are different Yjs map entries, so they
 * both survive; two blocks inserted at the same place both survive with
 * their own ids.
 */
import * as Y from 'yjs'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { JSONContent } from '@tiptap/core'
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap'
import { doc, issue, p } from '@schema/docBuilder'
import { reportSchema } from '@schema/reportSchema'
import { Api } from './helpers/api'
import { stopAndRemove } from './helpers/cleanup'
import { bodyOf, pmJsonOf, sectionsOf, type PmNode } from './helpers/doc'
import { openProvider, waitProviderSynced, type TestProvider } from './helpers/provider'
import { startServer, type TestServer } from './helpers/startServer'
import { waitUntil } from './helpers/wait'
import { waitForServedContent } from './helpers/waitForServedContent'

/** The section element of `key`. */
function sectionOf(ydoc: Y.Doc, key: string): Y.XmlElement {
  const found = sectionsOf(ydoc).find((s) => s.getAttribute('key') === key)
  if (!found) throw new Error(`no section ${key}`)
  return found
}

const elements = (parent: Y.XmlElement, name: string) =>
  parent.toArray().filter((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.nodeName === name)

/** The metric rows of the first metrics table in 数据统计. */
function metricRowsOf(ydoc: Y.Doc): Y.XmlElement[] {
  const table = elements(sectionOf(ydoc, 'data_statistics'), 'metricsTable')[0]
  if (!table) throw new Error('no metrics table')
  return elements(table, 'metricRow')
}

/** A block built with the builder, as the Yjs element y-tiptap makes of it (not yet in any document). */
function yBlock(block: JSONContent): Y.XmlElement {
  const scratch = new Y.Doc()
  const fragment = prosemirrorJSONToYXmlFragment(reportSchema, doc(block), scratch.getXmlFragment('scratch'))
  const el = fragment.get(0)
  if (!(el instanceof Y.XmlElement)) throw new Error('builder block did not convert to an element')
  return el.clone()
}

/** The ProseMirror node with attribute `id` in served JSON. */
function byId(node: PmNode, id: string): PmNode | undefined {
  if (node.attrs?.id === id) return node
  for (const child of node.content ?? []) {
    const hit = byId(child, id)
    if (hit) return hit
  }
  return undefined
}

describe('concurrent edits of structured blocks merge field by field', () => {
  let server: TestServer
  let api: Api
  let reportId: string
  let a: TestProvider
  let b: TestProvider

  beforeAll(async () => {
    server = await startServer()
    api = await Api.login(server.url)
  })

  afterAll(async () => {
    a?.destroy()
    b?.destroy()
    await stopAndRemove(server)
  })

  beforeEach(async () => {
    a?.destroy()
    b?.destroy()
    reportId = await api.createReport('并发编辑 concurrent blocks')
    a = openProvider(server.wsUrl, reportId, api.token!)
    b = openProvider(server.wsUrl, reportId, api.token!)
    await waitProviderSynced(a)
    await waitProviderSynced(b)
  })

  /**
   * Takes both clients offline, runs each client's edit on its own copy (neither
   * sees the other's), then reconnects both and waits until they hold the same
   * document. Returns that document's ProseMirror JSON.
   */
  async function editWhileApart(editA: (d: Y.Doc) => void, editB: (d: Y.Doc) => void): Promise<PmNode> {
    for (const c of [a, b]) c.provider.disconnect()
    await waitUntil(() => !a.provider.wsconnected && !b.provider.wsconnected, 'both providers offline')
    const before = bodyOf(a.doc).toString()
    expect(bodyOf(b.doc).toString()).toBe(before)

    a.doc.transact(() => editA(a.doc))
    b.doc.transact(() => editB(b.doc))
    // Really concurrent: each has only its own edit.
    expect(bodyOf(a.doc).toString()).not.toBe(before)
    expect(bodyOf(b.doc).toString()).not.toBe(before)
    expect(bodyOf(a.doc).toString()).not.toBe(bodyOf(b.doc).toString())

    for (const c of [a, b]) c.provider.connect()
    await waitProviderSynced(a)
    await waitProviderSynced(b)
    await waitUntil(
      () => bodyOf(a.doc).toString() === bodyOf(b.doc).toString(),
      () => `clients did not converge:\nA: ${bodyOf(a.doc).toString()}\nB: ${bodyOf(b.doc).toString()}`,
    )
    const merged = pmJsonOf(a.doc)
    expect(pmJsonOf(b.doc)).toEqual(merged)
    return merged
  }

  /** Polls /content until it equals `expected` (the server applies the reconnect's step 2 asynchronously). */
  async function expectServed(expected: PmNode): Promise<PmNode> {
    const served = await waitForServedContent(api, reportId, expected, (last) =>
      `server content differs from the clients':\nserver:  ${JSON.stringify(last)}\nclients: ${JSON.stringify(expected)}`,
    )
    expect(served).toEqual(expected)
    return served
  }

  it('keeps both people’s fields of one metric row, and edits of other rows', async () => {
    const rows = metricRowsOf(a.doc)
    expect(rows.map((r) => r.getAttribute('key'))).toEqual(['service_volume', 'active_users', 'retention_rate', 'fcr', 'first_response', 'csat'])
    const [same, otherA, otherB] = rows.map((r) => r.getAttribute('id') as string)
    const templateFields = Object.fromEntries(
      rows.map((r) => [r.getAttribute('id'), { key: r.getAttribute('key'), name: r.getAttribute('name'), definition: r.getAttribute('definition') }]),
    )
    const row = (d: Y.Doc, id: string) => metricRowsOf(d).find((r) => r.getAttribute('id') === id)!

    const merged = await editWhileApart(
      (d) => {
        row(d, same!).setAttribute('current', '1,286,000')
        row(d, otherA!).setAttribute('previous', '12,5x')
      },
      (d) => {
        row(d, same!).setAttribute('target', '1,300,000')
        row(d, otherB!).setAttribute('note', '口径调整：不含机器人会话')
      },
    )

    for (const d of [a.doc, b.doc]) {
      expect(row(d, same!).getAttribute('current')).toBe('1,286,000')
      expect(row(d, same!).getAttribute('target')).toBe('1,300,000')
      expect(row(d, otherA!).getAttribute('previous')).toBe('12,5x')
      expect(row(d, otherB!).getAttribute('note')).toBe('口径调整：不含机器人会话')
    }

    const served = await expectServed(merged)
    expect(byId(served, same!)?.attrs).toMatchObject({ ...templateFields[same!], current: '1,286,000', target: '1,300,000', previous: null, note: null })
    expect(byId(served, otherA!)?.attrs).toMatchObject({ ...templateFields[otherA!], previous: '12,5x', current: null, note: null })
    expect(byId(served, otherB!)?.attrs).toMatchObject({ ...templateFields[otherB!], note: '口径调整：不含机器人会话', current: null, previous: null })
  })

  it('keeps both blocks inserted at the same place, each with its own id', async () => {
    const fromA = issue({ title: '夜班首响超时', severity: 'high', owner: '王芳', status: 'open', category: '响应速度', rootCause: '排班不足' }, '夜班首次响应 p90 达 45 分钟。')
    const fromB = issue({ title: '知识库过期', severity: 'medium', owner: '李娜' }, p('FAQ 已 3 个月未更新。'))
    const idA = fromA.attrs!.id as string
    const idB = fromB.attrs!.id as string
    expect(idA).not.toBe(idB)

    const original = elements(sectionOf(a.doc, 'problem_analysis'), 'issue')
    expect(original).toHaveLength(1)
    const originalId = original[0]!.getAttribute('id')

    // Both insert right after the section heading (index 1), offline.
    const merged = await editWhileApart(
      (d) => sectionOf(d, 'problem_analysis').insert(1, [yBlock(fromA)]),
      (d) => sectionOf(d, 'problem_analysis').insert(1, [yBlock(fromB)]),
    )

    for (const d of [a.doc, b.doc]) {
      const issues = elements(sectionOf(d, 'problem_analysis'), 'issue').map((el) => el.getAttribute('id'))
      expect(issues).toHaveLength(3)
      expect(new Set(issues).size).toBe(3)
      // Both new blocks sit before the template's issue, in one order everywhere.
      expect(new Set(issues.slice(0, 2))).toEqual(new Set([idA, idB]))
      expect(issues[2]).toBe(originalId)
    }

    const served = await expectServed(merged)
    expect(byId(served, idA)).toEqual({
      type: 'issue',
      attrs: { id: idA, title: '夜班首响超时', severity: 'high', owner: '王芳', status: 'open', category: '响应速度', impact: null, rootCause: '排班不足', carriedFrom: null },
      content: [{ type: 'paragraph', content: [{ type: 'text', text: '夜班首次响应 p90 达 45 分钟。' }] }],
    })
    expect(byId(served, idB)).toMatchObject({ type: 'issue', attrs: { id: idB, title: '知识库过期', severity: 'medium', owner: '李娜' } })
    // Every block id in the served document is unique.
    const ids: unknown[] = []
    const walk = (n: PmNode) => {
      if (n.attrs && 'id' in n.attrs && n.attrs.id != null) ids.push(n.attrs.id)
      n.content?.forEach(walk)
    }
    walk(served)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('settles two people typing the same field at once on one value, the same everywhere', async () => {
    const id = metricRowsOf(a.doc)[5]!.getAttribute('id') as string
    const row = (d: Y.Doc) => metricRowsOf(d).find((r) => r.getAttribute('id') === id)!
    const merged = await editWhileApart(
      (d) => row(d).setAttribute('current', '4.52'),
      (d) => row(d).setAttribute('current', '4.55'),
    )
    const value = row(a.doc).getAttribute('current')
    expect(['4.52', '4.55']).toContain(value)
    expect(row(b.doc).getAttribute('current')).toBe(value)
    expect(byId(await expectServed(merged), id)?.attrs?.current).toBe(value)
  })
})
