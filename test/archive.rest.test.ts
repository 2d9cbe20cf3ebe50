/**
 * Archiving a report (owner or admin, audited, recoverable for
 * ARCHIVE_RESTORE_DAYS): it leaves every list, its open sockets close at
 * once, REST answers 410 for everyone but its owners' archive calls, its
 * files stay; a restore brings it back. The activity of a report lists its
 * audit entries (publish, unlock with its reason, member changes for owners).
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLOSE_NOT_FOUND } from '@schema/wire'
import { Api } from './helpers/api'
import { stopAndRemove } from './helpers/cleanup'
import { reportDir } from './helpers/files'
import { publishableReport } from './helpers/publishableReport'
import { RawClient } from './helpers/rawClient'
import { startServer, type TestServer } from './helpers/startServer'

/** Well within the once-a-second check a socket does on its own frames; the clients here send none. */
const AT_ONCE_MS = 2_000

describe('archive and restore of a report; its activity', () => {
  let server: TestServer
  let admin: Api
  const sockets: RawClient[] = []

  beforeAll(async () => {
    server = await startServer({ env: { SEED_DEMO: 'false' } })
    admin = await Api.login(server.url)
  })

  afterAll(async () => {
    for (const s of sockets) await s.end()
    await stopAndRemove(server)
  })

  const connect = async (reportId: string, token: string | undefined) => {
    const socket = RawClient.connect(server.wsUrl, reportId, { token })
    sockets.push(socket)
    await socket.waitSynced()
    return socket
  }
  const audit = () =>
    (JSON.parse(readFileSync(path.join(server.dataDir, 'meta.json'), 'utf8')) as { audit: { action: string; userId: string; reportId?: string }[] }).audit
  const ids = (list: { id: string }[]) => list.map((r) => r.id)

  it('an owner archives: gone from the lists, sockets closed, REST 410, files kept; a restore brings it back', async () => {
    const owner = await admin.createUser('ar-owner')
    const editor = await admin.createUser('ar-editor')
    const reportId = await owner.api.createReport('Archive me')
    await owner.api.setRole(reportId, editor.id, 'editor')
    const editorSocket = await connect(reportId, editor.api.token)
    const ownerSocket = await connect(reportId, owner.api.token)

    const res = await owner.api.call('POST', `/api/reports/${reportId}/archive`)
    expect(res.status).toBe(200)
    expect(await editorSocket.waitClosed(AT_ONCE_MS)).toMatchObject({ code: CLOSE_NOT_FOUND })
    expect(await ownerSocket.waitClosed(AT_ONCE_MS)).toMatchObject({ code: CLOSE_NOT_FOUND })

    expect(ids((await owner.api.call('GET', '/api/reports')).body)).not.toContain(reportId)
    expect(ids((await editor.api.call('GET', '/api/reports')).body)).not.toContain(reportId)
    // The archived list: its owners (and admins) only.
    expect(ids((await owner.api.call('GET', '/api/reports?archived=1')).body)).toContain(reportId)
    expect(ids((await admin.call('GET', '/api/reports?archived=1')).body)).toContain(reportId)
    expect(ids((await editor.api.call('GET', '/api/reports?archived=1')).body)).not.toContain(reportId)

    for (const who of [editor.api, owner.api]) {
      const r = await who.call('GET', `/api/reports/${reportId}/content`)
      expect(r.status).toBe(410)
      expect(r.body.error.code).toBe('archived')
    }
    expect((await editor.api.call('GET', `/api/reports/${reportId}`)).status).toBe(410)
    expect((await editor.api.call('POST', '/api/collab-ticket', { reportId })).status).toBe(410)
    expect((await owner.api.call('PUT', `/api/reports/${reportId}/content`, publishableReport('2026-11'))).status).toBe(410)
    const again = RawClient.connect(server.wsUrl, reportId, { token: owner.api.token })
    sockets.push(again)
    expect((await again.waitClosed()).code).toBe(CLOSE_NOT_FOUND)
    // Nothing is deleted.
    expect(existsSync(reportDir(server.dataDir, reportId))).toBe(true)
    // A non-owner cannot restore it.
    expect((await editor.api.call('POST', `/api/reports/${reportId}/restore-archived`)).status).toBe(403)

    const restored = await owner.api.call('POST', `/api/reports/${reportId}/restore-archived`)
    expect(restored.status).toBe(200)
    expect(restored.body.archived).toBeNull()
    expect(ids((await editor.api.call('GET', '/api/reports')).body)).toContain(reportId)
    expect(ids((await owner.api.call('GET', '/api/reports?archived=1')).body)).not.toContain(reportId)
    expect((await editor.api.call('GET', `/api/reports/${reportId}/content`)).status).toBe(200)
    await connect(reportId, editor.api.token)
    expect((await owner.api.call('POST', `/api/reports/${reportId}/restore-archived`)).status).toBe(409)

    const actions = audit().filter((e) => e.reportId === reportId).map((e) => e.action)
    expect(actions).toEqual(expect.arrayContaining(['report.archive', 'report.unarchive']))
  })

  it('only owners and admins archive; the call is JSON; nothing changes on a refusal', async () => {
    const owner = await admin.createUser('ar-owner2')
    const editor = await admin.createUser('ar-editor2')
    const stranger = await admin.createUser('ar-stranger2')
    const reportId = await owner.api.createReport('Keep me')
    await owner.api.setRole(reportId, editor.id, 'editor')
    expect((await editor.api.call('POST', `/api/reports/${reportId}/archive`)).status).toBe(403)
    expect((await stranger.api.call('POST', `/api/reports/${reportId}/archive`)).status).toBe(403)
    expect((await owner.api.call('POST', `/api/reports/${reportId}/archive`, 'x=1', { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415)
    expect((await owner.api.call('POST', `/api/reports/${reportId}/archive`, { force: true })).status).toBe(400)
    expect(ids((await editor.api.call('GET', '/api/reports')).body)).toContain(reportId)
    expect(audit().filter((e) => e.reportId === reportId && e.action === 'report.archive')).toHaveLength(0)
    // The admin may.
    expect((await admin.call('POST', `/api/reports/${reportId}/archive`)).status).toBe(200)
    expect((await admin.call('POST', `/api/reports/${reportId}/archive`)).status).toBe(410)
  })

  it('the activity lists publish, unlock with its reason, member changes (owners only) and the archive, newest first', async () => {
    const owner = await admin.createUser('ac-owner')
    const viewer = await admin.createUser('ac-viewer')
    const stranger = await admin.createUser('ac-stranger')
    const reportId = await owner.api.createReport('Activity', '2026-10')
    await owner.api.setRole(reportId, viewer.id, 'viewer')
    expect((await owner.api.call('PUT', `/api/reports/${reportId}/content`, publishableReport('2026-10'))).status).toBe(200)
    expect((await owner.api.call('POST', `/api/reports/${reportId}/publish`, {})).status).toBe(201)
    expect((await owner.api.call('POST', `/api/reports/${reportId}/unlock`, { reason: '客户投诉数更正' })).status).toBe(200)

    const seen = await owner.api.call('GET', `/api/reports/${reportId}/activity`)
    expect(seen.status).toBe(200)
    const actions = seen.body.entries.map((e: { action: string }) => e.action)
    expect(actions).toEqual(['report.unlock', 'report.publish', 'member.set', 'report.create'])
    expect(seen.body.entries[0]).toMatchObject({ actor: { id: owner.id, displayName: 'ac-owner' }, detail: { reason: '客户投诉数更正' } })
    expect(seen.body.entries[2]).toMatchObject({ subject: { id: viewer.id, displayName: 'ac-viewer' }, detail: { role: 'viewer' } })

    // A viewer sees the report's history but not who was given which role.
    const asViewer = await viewer.api.call('GET', `/api/reports/${reportId}/activity`)
    expect(asViewer.status).toBe(200)
    expect(asViewer.body.entries.map((e: { action: string }) => e.action)).toEqual(['report.unlock', 'report.publish', 'report.create'])
    expect((await stranger.api.call('GET', `/api/reports/${reportId}/activity`)).status).toBe(403)

    // Archived: its owner still reads the activity, with the archive on top; the viewer gets 410.
    expect((await owner.api.call('POST', `/api/reports/${reportId}/archive`)).status).toBe(200)
    const archived = await owner.api.call('GET', `/api/reports/${reportId}/activity`)
    expect(archived.body.entries[0]).toMatchObject({ action: 'report.archive' })
    expect((await viewer.api.call('GET', `/api/reports/${reportId}/activity`)).status).toBe(410)
  })
})

describe('an archive past ARCHIVE_RESTORE_DAYS', () => {
  let server: TestServer
  afterAll(async () => stopAndRemove(server))

  it('cannot be restored and leaves the archived list; its files stay', async () => {
    server = await startServer({ env: { SEED_DEMO: 'false', ARCHIVE_RESTORE_DAYS: '0' } })
    const admin = await Api.login(server.url)
    const reportId = await admin.createReport('Expired')
    expect((await admin.call('POST', `/api/reports/${reportId}/archive`)).status).toBe(200)
    expect(ids2((await admin.call('GET', '/api/reports?archived=1')).body)).not.toContain(reportId)
    const res = await admin.call('POST', `/api/reports/${reportId}/restore-archived`)
    expect(res.status).toBe(410)
    expect(res.body.error.code).toBe('archive_expired')
    expect(existsSync(reportDir(server.dataDir, reportId))).toBe(true)
  })
})

const ids2 = (list: { id: string }[]) => list.map((r) => r.id)
