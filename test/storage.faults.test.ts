/**
 * A full disk (or a read-only data folder) under the real server, simulated
 * with the STORAGE_FAULT_FILE hook (server/storage/faultInjection.ts): while
 * the fault lasts, editors are told their edits are not saved (the editor's
 * SaveTracker says 未保存, never 已保存), REST writes answer 507/500 and
 * change nothing, and what was saved before stays loadable. When the fault
 * ends the server recovers by itself: the pending edits are acknowledged
 * and everyone converges; a crash during the fault loses no acknowledged edit.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as Y from 'yjs'
import WebSocket from 'ws'
import * as decoding from 'lib0/decoding'
import { WebsocketProvider } from 'y-websocket'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { MESSAGE_NOT_SAVED, MESSAGE_REPORT_EVENT, MESSAGE_SAVED, MESSAGE_SYNC, SYNC_STEP2, SYNC_UPDATE, type NotSavedReason } from '@schema/wire'
import { SaveTracker, type SaveStatus } from '../client/collab/SaveTracker'
import { FileDocStore } from '../server/storage/FileDocStore'
import { Api } from './helpers/api'
import { appendParagraph, pmJsonOf, pmText, type PmNode } from './helpers/doc'
import { hashesOf, reportDir } from './helpers/files'
import { RawClient } from './helpers/rawClient'
import { startServer, type TestServer } from './helpers/startServer'
import { quietPeriod, waitUntil } from './helpers/wait'
import { waitForServedContent } from './helpers/waitForServedContent'

const servers: TestServer[] = []
const cleanup: string[] = []

afterEach(async () => {
  for (const s of servers.splice(0)) await s.kill()
})
afterAll(() => {
  for (const dir of cleanup) rmSync(dir, { recursive: true, force: true })
})

/** A fault file outside the data folder; the server fails its writes while it exists. */
function faultSwitch(): { path: string; on(kind?: 'ENOSPC' | 'EROFS'): void; off(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'storage-fault-'))
  cleanup.push(dir)
  const file = path.join(dir, 'FAULT')
  return {
    path: file,
    on: (kind = 'ENOSPC') => writeFileSync(file, kind),
    off: () => rmSync(file, { force: true }),
  }
}

async function start(fault: string, dataDir?: string, port?: number): Promise<TestServer> {
  // retry of the recovery snapshot: 1 s (index.ts); a short commit window keeps the test quick.
  const server = await startServer({ dataDir, port, env: { STORAGE_FAULT_FILE: fault, COMMIT_WINDOW_MS: '5' } })
  servers.push(server)
  cleanup.push(server.dataDir)
  return server
}

/**
 * The browser's collaboration session (client/collab/openCollabSession.ts)
 * in Node: the unmodified y-websocket provider over a socket that counts its
 * document writes into the editor's SaveTracker, which drives 已保存 / 未保存.
 */
function editorSession(wsUrl: string, reportId: string, token: string) {
  const doc = new Y.Doc()
  const tracker = new SaveTracker()
  const statuses: SaveStatus[] = []
  tracker.subscribe((s) => statuses.push(s))
  class TrackedWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers: { authorization: `Bearer ${token}` } })
      this.addEventListener('open', () => tracker.socketOpened())
      this.addEventListener('close', () => tracker.socketClosed())
    }

    override send(data: unknown, ...rest: unknown[]): void {
      if (data instanceof Uint8Array && data[0] === MESSAGE_SYNC) {
        if (data[1] === SYNC_STEP2) tracker.step2Sent()
        else if (data[1] === SYNC_UPDATE) tracker.updateSent()
      }
      ;(super.send as (...a: unknown[]) => void)(data, ...rest)
    }
  }
  const provider = new WebsocketProvider(wsUrl, reportId, doc, {
    WebSocketPolyfill: TrackedWebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 300,
  })
  provider.messageHandlers[MESSAGE_SAVED] = (_e, d) => tracker.saved(decoding.readVarUint(d))
  provider.messageHandlers[MESSAGE_NOT_SAVED] = (_e, d) => tracker.notSaved(decoding.readVarString(d) as NotSavedReason)
  provider.messageHandlers[MESSAGE_REPORT_EVENT] = () => {} // status events: not what this test looks at
  doc.on('update', (_u: Uint8Array, origin: unknown) => {
    if (origin !== provider) tracker.localChange()
  })
  return {
    doc,
    provider,
    tracker,
    statuses,
    destroy: () => {
      provider.destroy()
      doc.destroy()
    },
  }
}

async function content(api: Api, reportId: string): Promise<PmNode> {
  const res = await api.call<PmNode>('GET', `/api/reports/${reportId}/content`)
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return res.body
}

/** What a restart would load from the data folder right now, read from a copy (loading repairs torn tails). */
async function loadCopy(dataDir: string, reportId: string): Promise<string> {
  const copy = mkdtempSync(path.join(os.tmpdir(), 'storage-fault-copy-'))
  try {
    cpSync(path.join(dataDir, 'reports', reportId), path.join(copy, 'reports', reportId), { recursive: true })
    const handle = await new FileDocStore(copy).open(reportId)
    const doc = new Y.Doc()
    Y.applyUpdate(doc, handle.state)
    await handle.close()
    return pmText(pmJsonOf(doc))
  } finally {
    rmSync(copy, { recursive: true, force: true })
  }
}

describe('a full disk', () => {
  it('tells editors their edits are not saved, refuses REST writes without changing anything, and recovers when space returns', async () => {
    const fault = faultSwitch()
    const server = await start(fault.path)
    const api = await Api.login(server.url)
    const reportId = await api.createReport('Disk full')
    const bob = await api.createUser('bob-fault')
    const editor = editorSession(server.wsUrl, reportId, api.token!)
    const raw = RawClient.connect(server.wsUrl, reportId, { token: api.token })
    await waitUntil(() => editor.provider.synced, 'editor synced')
    await raw.waitSynced()
    editor.doc.transact(() => appendParagraph(editor.doc, 'saved-before-1'))
    raw.edit((d) => appendParagraph(d, 'saved-before-2', 1))
    await raw.waitSaved()
    await waitUntil(() => editor.tracker.status === 'saved', () => `editor status ${editor.tracker.status}`)

    const dir = reportDir(server.dataDir, reportId)
    const snapshotsBefore = Object.entries(hashesOf(dir)).filter(([n]) => n.startsWith('snap-'))
    const metaBefore = readFileSync(path.join(server.dataDir, 'meta.json'))
    const reportsBefore = (await api.call('GET', '/api/reports')).body
    const demo = (reportsBefore as { id: string; title: string }[]).find((r) => r.id !== reportId)!

    // --- the disk fills up ---
    fault.on()
    editor.statuses.length = 0
    editor.doc.transact(() => appendParagraph(editor.doc, 'typed-while-full-1'))
    await waitUntil(() => editor.tracker.status === 'not-saved', () => `editor status ${editor.tracker.status}`)
    // A client that starts writing after the failure is told as well.
    const rawIndex = raw.edit((d) => appendParagraph(d, 'typed-while-full-2', 1))
    await waitUntil(() => raw.notSaved.includes('storage_failed'), 'raw client told storage_failed')
    expect(raw.saved).toBeLessThan(rawIndex)
    // A client joining during the fault gets the document (from memory) and is told when it writes.
    const late = RawClient.connect(server.wsUrl, reportId, { token: api.token })
    await late.waitSynced()
    expect(pmText(pmJsonOf(late.doc))).toContain('typed-while-full-2')
    late.edit((d) => appendParagraph(d, 'typed-while-full-3', 2))
    await waitUntil(() => late.notSaved.includes('storage_failed'), 'late client told storage_failed')

    // REST writes: 507 with a clear error, and nothing changed.
    const refused = [
      await api.call('POST', '/api/reports', { title: 'Never created', period: '2026-12' }),
      await api.call('PUT', `/api/reports/${reportId}/members/${bob.id}`, { role: 'editor' }),
      await api.call('POST', '/api/users', { username: 'never-created', password: 'tall-river-481', displayName: 'x' }),
      await api.call('POST', `/api/reports/${reportId}/comments`, { anchor: { blockId: 'b1', quote: 'x' }, body: 'never stored' }),
      await api.call('POST', `/api/reports/${demo.id}/publish`, {}),
    ]
    for (const res of refused) {
      expect(res.status, JSON.stringify(res.body)).toBe(507)
      expect(res.body).toMatchObject({ error: { code: 'storage_full', message: expect.stringMatching(/disk is full/) } })
    }
    expect((await api.call('GET', '/api/reports')).body).toEqual(reportsBefore)
    expect((await api.call('GET', `/api/reports/${reportId}`)).body).toMatchObject({ members: [expect.objectContaining({ role: 'owner' })] })
    expect(((await api.call('GET', `/api/reports/${reportId}`)).body as { members: unknown[] }).members).toHaveLength(1)
    expect(((await api.call('GET', '/api/users')).body as { username: string }[]).map((u) => u.username)).not.toContain('never-created')
    expect(((await api.call('GET', `/api/reports/${reportId}/comments`)).body as { threads: unknown[] }).threads).toEqual([])
    expect((await api.call('GET', `/api/reports/${demo.id}`)).body).toMatchObject({ status: 'draft' })
    expect((await api.call('GET', `/api/reports/${demo.id}/versions`)).body).toEqual([])
    // The live document still serves (from memory), with everything typed.
    expect(pmText(await content(api, reportId))).toContain('typed-while-full-3')

    // Nothing saved before is damaged: same snapshot bytes and metadata, and a
    // restart now would load every acknowledged edit.
    await quietPeriod(1500, 'past a recovery attempt (retry 1 s), which must not damage what was saved')
    expect(Object.entries(hashesOf(dir)).filter(([n]) => n.startsWith('snap-'))).toEqual(snapshotsBefore)
    expect(readFileSync(path.join(server.dataDir, 'meta.json'))).toEqual(metaBefore)
    const loadable = await loadCopy(server.dataDir, reportId)
    expect(loadable).toContain('saved-before-1')
    expect(loadable).toContain('saved-before-2')
    expect(editor.tracker.status).toBe('not-saved')
    expect(editor.statuses).not.toContain('saved' satisfies SaveStatus) // never claimed while the disk was full

    // --- space returns ---
    fault.off()
    await raw.waitSaved(rawIndex, 10_000)
    await late.waitSaved(late.writesSent, 10_000)
    await waitUntil(() => editor.tracker.status === 'saved', () => `editor status ${editor.tracker.status}`, 10_000)
    for (const c of [raw, late]) expect(pmJsonOf(c.doc)).toEqual(pmJsonOf(editor.doc))
    const expected = pmJsonOf(editor.doc)
    await waitForServedContent(api, reportId, expected, (s) => `served: ${s ? pmText(s) : 'nothing'}`)
    // REST writes work again.
    expect((await api.call('PUT', `/api/reports/${reportId}/members/${bob.id}`, { role: 'editor' })).status).toBe(200)

    // And it is on disk: a crash now loses nothing.
    await server.kill()
    for (const c of [raw, late]) await c.waitClosed()
    editor.provider.disconnect()
    const again = await start(fault.path, server.dataDir, server.port)
    const text = pmText(await content(api, reportId))
    for (const s of ['saved-before-1', 'saved-before-2', 'typed-while-full-1', 'typed-while-full-2', 'typed-while-full-3']) expect(text).toContain(s)
    expect(await content(api, reportId)).toEqual(expected)
    expect((await api.call('GET', `/api/reports/${reportId}`)).body).toMatchObject({
      members: expect.arrayContaining([expect.objectContaining({ userId: bob.id, role: 'editor' })]),
    })
    editor.destroy()
    raw.doc.destroy()
    late.doc.destroy()
    void again
  })

  it('a crash during the fault loses no acknowledged edit; the editor resends the rest after the restart', async () => {
    const fault = faultSwitch()
    const server = await start(fault.path)
    const api = await Api.login(server.url)
    const reportId = await api.createReport('Crash while full')
    const editor = editorSession(server.wsUrl, reportId, api.token!)
    const raw = RawClient.connect(server.wsUrl, reportId, { token: api.token })
    await waitUntil(() => editor.provider.synced, 'editor synced')
    await raw.waitSynced()
    for (let i = 0; i < 5; i++) raw.edit((d) => appendParagraph(d, `acked-${i}`, 1))
    await raw.waitSaved()

    fault.on()
    editor.doc.transact(() => appendParagraph(editor.doc, 'unacked-editor'))
    await waitUntil(() => editor.tracker.status === 'not-saved', () => `editor status ${editor.tracker.status}`)
    await server.kill() // the log now ends in the torn half of a failed write
    await raw.waitClosed()
    raw.doc.destroy()
    fault.off()

    const again = await start(fault.path, server.dataDir, server.port)
    const text = pmText(await content(api, reportId))
    for (let i = 0; i < 5; i++) expect(text).toContain(`acked-${i}`)
    // The provider reconnects by itself and its sync step 2 carries the unsaved edit.
    await waitUntil(() => editor.tracker.status === 'saved', () => `editor status ${editor.tracker.status}`, 15_000)
    await waitForServedContent(api, reportId, pmJsonOf(editor.doc), (s) => `served: ${s ? pmText(s) : 'nothing'}`)
    expect(pmText(await content(api, reportId))).toContain('unacked-editor')
    editor.destroy()
    void again
  })

  it('a read-only data folder answers 500 storage_failed and recovers the same way', async () => {
    const fault = faultSwitch()
    const server = await start(fault.path)
    const api = await Api.login(server.url)
    const reportId = await api.createReport('Read-only')
    const raw = RawClient.connect(server.wsUrl, reportId, { token: api.token })
    await raw.waitSynced()
    fault.on('EROFS')
    const index = raw.edit((d) => appendParagraph(d, 'while-read-only'))
    await waitUntil(() => raw.notSaved.includes('storage_failed'), 'told storage_failed')
    const res = await api.call('POST', '/api/reports', { title: 'Never created', period: '2026-12' })
    expect(res.status).toBe(500)
    expect(res.body).toMatchObject({ error: { code: 'storage_failed', message: expect.stringMatching(/EROFS/) } })
    fault.off()
    await raw.waitSaved(index)
    await raw.end()
  })
})
