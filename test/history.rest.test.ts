/**
 * The history of a report against a real server (SNAPSHOT_INTERVAL_MS=200):
 * socket edits produce autosaved snapshots (none while idle, one more when
 * the last editor leaves); snapshots are listed and read; two published
 * versions diff in report terms (the metric's value, its KPI, the action's
 * status in the report's words); a snapshot diffs against the live body;
 * restoring a snapshot brings its text back as a new state, keeps the
 * replaced body as a 'before_restore' snapshot and reaches open editors;
 * roles, the publish lock and malformed references are enforced.
 */
import type { JSONContent } from '@tiptap/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Api } from './helpers/api'
import { stopAndRemove } from './helpers/cleanup'
import { appendParagraph, pmJsonOf, pmText, type PmNode } from './helpers/doc'
import { publishableReport } from './helpers/publishableReport'
import { RawClient } from './helpers/rawClient'
import { startServer, type TestServer } from './helpers/startServer'
import { quietPeriod, waitUntil } from './helpers/wait'

interface SnapshotItem {
  id: string
  at: string
  reason: 'auto' | 'close' | 'before_restore'
  authors: string[]
  sha256: string
}
interface History {
  versions: { version: string; sha256: string; publishedBy: string }[]
  snapshots: SnapshotItem[]
}
interface Change {
  kind: string
  blockType?: string
  blockId?: string
  field?: string
  section: string
  label: string
  summary: string
  before?: string
  after?: string
  beforeValue?: string | null
  afterValue?: string | null
  segments?: { op: string; text: string }[]
}

let server: TestServer
let admin: Api

const history = async (id: string): Promise<History> => {
  const res = await admin.call<History>('GET', `/api/reports/${id}/history`)
  expect(res.status).toBe(200)
  return res.body
}
const snapshotsOf = async (id: string) => (await history(id)).snapshots

/** Edits the body as an editor would: through a socket, waiting until the server has it on disk. */
async function editOver(client: RawClient, text: string): Promise<void> {
  client.edit((doc) => appendParagraph(doc, text))
  await client.waitSaved()
}

/** Sets attributes on the nodes `match` picks (a deep copy of `body`). */
function withAttrs(body: JSONContent, match: (n: JSONContent) => boolean, attrs: Record<string, string>, limit = Infinity): JSONContent {
  const copy = structuredClone(body)
  let left = limit
  const visit = (n: JSONContent) => {
    if (left > 0 && match(n)) {
      n.attrs = { ...n.attrs, ...attrs }
      left--
    }
    n.content?.forEach(visit)
  }
  visit(copy)
  return copy
}

beforeAll(async () => {
  server = await startServer({ env: { SNAPSHOT_INTERVAL_MS: '200' } })
  admin = await Api.login(server.url)
})
afterAll(() => stopAndRemove(server))

describe('autosaved snapshots', () => {
  it('are taken while people edit over the socket, never while the report is idle', async () => {
    const id = await admin.createReport('Snapshots', '2026-11')
    const writer = await admin.createUser('snap-writer')
    await admin.setRole(id, writer.id, 'editor')
    const client = RawClient.connect(server.wsUrl, id, { token: writer.api.token })
    await client.waitSynced()
    // Loading the room recomputes the KPI blocks: a server write, not an edit.
    await quietPeriod(800, 'four snapshot intervals (200 ms): a snapshot of the KPI write would have been taken')
    expect(await snapshotsOf(id)).toEqual([])

    await editOver(client, 'first autosaved text')
    await waitUntil(async () => (await snapshotsOf(id)).length === 1, 'first snapshot')
    const [first] = await snapshotsOf(id)
    expect(first).toMatchObject({ reason: 'auto', authors: ['snap-writer'], id: expect.stringMatching(/^s\d{13}[a-z2-7]{4}$/) })

    // Idle (the KPI recompute after the edit included): nothing more.
    await quietPeriod(1000, 'the KPI recompute after the edit and four snapshot intervals: a second snapshot would have been taken')
    expect(await snapshotsOf(id)).toHaveLength(1)

    await editOver(client, 'second autosaved text')
    await waitUntil(async () => (await snapshotsOf(id)).length === 2, 'second snapshot')
    const list = await snapshotsOf(id)
    expect(list[0]!.id > list[1]!.id).toBe(true) // newest first
    expect(list[0]!.at >= list[1]!.at).toBe(true)

    const got = await admin.call('GET', `/api/reports/${id}/snapshots/${list[0]!.id}`)
    expect(got.status).toBe(200)
    expect(got.body).toMatchObject({ id: list[0]!.id, reportId: id, reason: 'auto', authors: ['snap-writer'] })
    expect(pmText(got.body.content as PmNode)).toContain('second autosaved text')
    const older = await admin.call('GET', `/api/reports/${id}/snapshots/${list[1]!.id}`)
    expect(pmText(older.body.content as PmNode)).toContain('first autosaved text')
    expect(pmText(older.body.content as PmNode)).not.toContain('second autosaved text')

    const html = await fetch(`${server.url}/api/reports/${id}/snapshots/${list[1]!.id}/export.html`, {
      headers: { authorization: `Bearer ${admin.token}` },
    })
    expect(html.status).toBe(200)
    expect(html.headers.get('content-type')).toContain('text/html')
    const page = await html.text()
    expect(page).toContain('first autosaved text')
    expect(page).not.toContain('<script')

    // A reader with the socket open writes nothing, so takes no snapshot.
    const viewer = await admin.createUser('snap-viewer')
    await admin.setRole(id, viewer.id, 'viewer')
    const reader = RawClient.connect(server.wsUrl, id, { token: viewer.api.token })
    await reader.waitSynced()
    reader.edit((doc) => appendParagraph(doc, 'refused viewer text'))
    await waitUntil(() => reader.notSaved.length > 0, 'viewer told not saved')
    await quietPeriod(600, 'three snapshot intervals: a snapshot of the refused write would have been taken')
    expect(await snapshotsOf(id)).toHaveLength(2)
    expect((await viewer.api.call('GET', `/api/reports/${id}/history`)).status).toBe(200)
    await Promise.all([client.end(), reader.end()])
  })

  it('answers 400 to a malformed snapshot id and 404 to an unknown one; non-members get 403', async () => {
    const id = await admin.createReport('Ids', '2026-11')
    expect((await admin.call('GET', `/api/reports/${id}/snapshots/nope`)).status).toBe(400)
    expect((await admin.call('GET', `/api/reports/${id}/snapshots/..%2F..%2Fmeta`)).status).toBe(400)
    expect((await admin.call('GET', `/api/reports/${id}/snapshots/s1700000000000abcd`)).status).toBe(404)
    expect((await admin.call('GET', `/api/reports/${id}/snapshots/s1700000000000abcd/export.html`)).status).toBe(404)
    expect((await admin.call('GET', `/api/reports/rbad/history`)).status).toBe(400)
    const stranger = await admin.createUser('snap-stranger')
    expect((await stranger.api.call('GET', `/api/reports/${id}/history`)).status).toBe(403)
  })
})

describe('diff', () => {
  let id: string
  let content: JSONContent

  beforeAll(async () => {
    id = await admin.createReport('十月运营服务月报', '2026-10')
    content = publishableReport('2026-10', { fcr: '92.1' })
    expect((await admin.call('PUT', `/api/reports/${id}/content`, content)).status).toBe(200)
    expect((await admin.call('POST', `/api/reports/${id}/publish`, { note: '终版' })).status).toBe(201)
    expect((await admin.call('POST', `/api/reports/${id}/unlock`, { reason: '一次解决率口径更正' })).status).toBe(200)
    let amended = withAttrs(content, (n) => n.type === 'metricRow' && n.attrs?.key === 'fcr', { current: '95' })
    amended = withAttrs(amended, (n) => n.type === 'actionItem' && n.attrs?.status === 'doing', { status: 'done' }, 1)
    expect((await admin.call('PUT', `/api/reports/${id}/content`, amended)).status).toBe(200)
    const v11 = await admin.call('POST', `/api/reports/${id}/publish`, {})
    expect(v11.status, JSON.stringify(v11.body)).toBe(201)
  })

  it('between two published versions names the metric, its KPI and the action status in report terms', async () => {
    const h = await history(id)
    expect(h.versions.map((v) => v.version)).toEqual(['1', '1.1'])
    const res = await admin.call<{ from: string; to: string; changes: Change[] }>('GET', `/api/reports/${id}/diff?from=v:1&to=v:1.1`)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body).toMatchObject({ from: 'v:1', to: 'v:1.1' })
    const changes = res.body.changes

    const fcr = changes.find((c) => c.kind === 'fieldChanged' && c.blockType === 'metricRow' && c.field === 'current')
    expect(fcr, JSON.stringify(changes, null, 1)).toMatchObject({ beforeValue: '92.1', afterValue: '95', section: 'data_statistics' })
    expect(fcr!.label).toContain('一次解决率')
    expect(fcr!.summary).toContain('92.1')
    expect(fcr!.summary).toContain('95')

    const kpi = changes.find((c) => c.kind === 'kpiChanged' && c.field?.startsWith('metric.fcr.'))
    expect(kpi, JSON.stringify(changes, null, 1)).toBeDefined()
    expect(kpi!.before).not.toBe(kpi!.after)

    const action = changes.find((c) => c.kind === 'fieldChanged' && c.blockType === 'actionItem' && c.field === 'status')
    expect(action, JSON.stringify(changes, null, 1)).toMatchObject({ before: '进行中', after: '已完成', beforeValue: 'doing', afterValue: 'done' })
    expect(action!.label).toMatch(/#\d+/)

    // The same two versions the other way round: the change reversed.
    const back = await admin.call<{ changes: Change[] }>('GET', `/api/reports/${id}/diff?from=v:1.1&to=v:1`)
    const reversed = back.body.changes.find((c) => c.kind === 'fieldChanged' && c.blockType === 'metricRow' && c.field === 'current')
    expect(reversed).toMatchObject({ beforeValue: '95', afterValue: '92.1' })

    // Identical sides: no changes.
    expect((await admin.call<{ changes: Change[] }>('GET', `/api/reports/${id}/diff?from=v:1.1&to=live`)).body.changes).toEqual([])
  })

  it('refuses malformed references with 400 and unknown ones with 404', async () => {
    for (const q of ['from=v:1', 'from=foo&to=live', 'from=v:7&to=live', 'from=s:nope&to=live', 'from=v:1&to=s:', 'from=live&to=v:..%2F1']) {
      const res = await admin.call('GET', `/api/reports/${id}/diff?${q}`)
      expect(res.status, q).toBe(400)
      expect(res.body.error.code).toBe('bad_request')
    }
    expect((await admin.call('GET', `/api/reports/${id}/diff?from=v:1.5&to=live`)).status).toBe(404)
    expect((await admin.call('GET', `/api/reports/${id}/diff?from=s:s1700000000000abcd&to=live`)).status).toBe(404)
  })
})

describe('snapshot against the live body, and restore', () => {
  let id: string
  let editor: Api
  let client: RawClient
  /** The snapshot holding "alpha" but not yet "beta". */
  let alpha: SnapshotItem

  beforeAll(async () => {
    // A series of its own: another test publishes October of the default series, and a series publishes one report per month.
    id = (await admin.call('POST', '/api/reports', { title: 'Restore', period: '2026-10', series: 'restore' })).body.id
    expect((await admin.call('PUT', `/api/reports/${id}/content`, publishableReport('2026-10'))).status).toBe(200)
    const e = await admin.createUser('restore-editor')
    await admin.setRole(id, e.id, 'editor')
    editor = e.api
    client = RawClient.connect(server.wsUrl, id, { token: editor.token })
    await client.waitSynced()
  })
  afterAll(() => client.end())

  it('diffs a snapshot against the live body as the text that was added since', async () => {
    await editOver(client, 'alpha text to come back')
    await waitUntil(async () => (await snapshotsOf(id)).some((s) => s.authors.includes('restore-editor')), 'snapshot with alpha')
    alpha = (await snapshotsOf(id))[0]!
    await editOver(client, 'beta text written later')
    // Autosaved as well, so the restore below finds no unsnapshotted edits.
    await waitUntil(async () => (await snapshotsOf(id)).length === 2, 'snapshot with beta')
    const res = await admin.call<{ changes: Change[] }>('GET', `/api/reports/${id}/diff?from=s:${alpha.id}&to=live`)
    expect(res.status).toBe(200)
    const added = res.body.changes.find((c) => c.kind === 'blockAdded' && c.label.includes('beta text'))
    expect(added, JSON.stringify(res.body.changes, null, 1)).toBeDefined()
    expect(added!.section).toBe('highlights')
  })

  it('restores the old text as a new state, keeps the replaced body and reaches the open editor', async () => {
    const alphaSnap = (await admin.call('GET', `/api/reports/${id}/snapshots/${alpha.id}`)).body
    expect(pmText(alphaSnap.content as PmNode)).not.toContain('beta text')
    const before = (await snapshotsOf(id)).length

    const res = await editor.call('POST', `/api/reports/${id}/snapshots/${alpha.id}/restore`)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(pmText(res.body as PmNode)).toContain('alpha text to come back')
    expect(pmText(res.body as PmNode)).not.toContain('beta text written later')

    const live = (await admin.call('GET', `/api/reports/${id}/content`)).body as PmNode
    expect(pmText(live)).not.toContain('beta text written later')
    await waitUntil(() => !pmText(pmJsonOf(client.doc)).includes('beta text written later'), 'restore relayed to the open client')
    expect(pmText(pmJsonOf(client.doc))).toContain('alpha text to come back')

    // History kept: the snapshot restored from is still there, and the replaced body was saved first.
    const after = await snapshotsOf(id)
    expect(after.length).toBe(before + 1)
    expect(after.some((s) => s.id === alpha.id)).toBe(true)
    const saved = after[0]!
    expect(saved).toMatchObject({ reason: 'before_restore', authors: [] })
    const savedBody = (await admin.call('GET', `/api/reports/${id}/snapshots/${saved.id}`)).body
    expect(pmText(savedBody.content as PmNode)).toContain('beta text written later')

    // The restore is a server write: it starts no autosave of its own.
    await quietPeriod(800, 'four snapshot intervals: an autosave of the restore would have been taken')
    expect(await snapshotsOf(id)).toHaveLength(after.length)
  })

  it('is refused to a viewer (403), on a published report (423) and for a malformed or unknown snapshot', async () => {
    const [snap] = await snapshotsOf(id)
    const v = await admin.createUser('restore-viewer')
    await admin.setRole(id, v.id, 'viewer')
    expect((await v.api.call('POST', `/api/reports/${id}/snapshots/${snap!.id}/restore`)).status).toBe(403)
    const r = await admin.createUser('restore-reviewer')
    await admin.setRole(id, r.id, 'reviewer')
    expect((await r.api.call('POST', `/api/reports/${id}/snapshots/${snap!.id}/restore`)).status).toBe(403)
    expect((await editor.call('POST', `/api/reports/${id}/snapshots/bad-id/restore`)).status).toBe(400)
    expect((await editor.call('POST', `/api/reports/${id}/snapshots/s1700000000000abcd/restore`)).status).toBe(404)

    const published = await admin.call('POST', `/api/reports/${id}/publish`, {})
    expect(published.status, JSON.stringify(published.body)).toBe(201)
    const count = (await snapshotsOf(id)).length
    const locked = await editor.call('POST', `/api/reports/${id}/snapshots/${snap!.id}/restore`)
    expect(locked.status).toBe(423)
    expect(locked.body.error.code).toBe('locked')
    expect(await snapshotsOf(id)).toHaveLength(count) // refused before anything was stored
  })
})

describe('a room that closes with unsnapshotted changes', () => {
  let slow: TestServer

  afterAll(() => stopAndRemove(slow))

  it('is snapshotted once as it closes (reason close), also at shutdown', async () => {
    slow = await startServer({ env: { SNAPSHOT_INTERVAL_MS: '600000' } })
    const owner = await Api.login(slow.url)
    const id = await owner.createReport('Close', '2026-11')
    const client = RawClient.connect(slow.wsUrl, id, { token: owner.token })
    await client.waitSynced()
    await editOver(client, 'written just before leaving')
    expect((await owner.call('GET', `/api/reports/${id}/history`)).body.snapshots).toEqual([])
    await client.end()
    // The room unloads 2 s after the last connection left.
    await waitUntil(async () => (await owner.call('GET', `/api/reports/${id}/history`)).body.snapshots.length === 1, 'close snapshot', 15_000)
    const [closed] = (await owner.call<History>('GET', `/api/reports/${id}/history`)).body.snapshots
    expect(closed).toMatchObject({ reason: 'close', authors: ['管理员'] })

    // Edited and still open at SIGTERM: the shutdown snapshots it before exiting.
    const again = RawClient.connect(slow.wsUrl, id, { token: owner.token })
    await again.waitSynced()
    await editOver(again, 'written before the shutdown')
    expect(await slow.stop()).toBe(0)
    slow = await startServer({ dataDir: slow.dataDir, env: { SNAPSHOT_INTERVAL_MS: '600000' } })
    const back = await Api.login(slow.url)
    const list = (await back.call<History>('GET', `/api/reports/${id}/history`)).body.snapshots
    expect(list.map((s) => s.reason)).toEqual(['close', 'close'])
    const latest = await back.call('GET', `/api/reports/${id}/snapshots/${list[0]!.id}`)
    expect(pmText(latest.body.content as PmNode)).toContain('written before the shutdown')
  })
})
