/**
 * Roles are enforced by the server, not by the client: writes from viewers and
 * reviewers are dropped (not applied, not stored, not relayed), also when they
 * arrive in sync step 2 after a reconnect; sockets and REST calls of people
 * without access are refused with the contract's codes.
 */
import * as Y from 'yjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLOSE_FORBIDDEN, CLOSE_NOT_FOUND, CLOSE_UNAUTHORIZED } from '@schema/wire'
import { Api } from './helpers/api'
import { stopAndRemove } from './helpers/cleanup'
import { appendParagraph, bodyOf } from './helpers/doc'
import { reportDir, sizesOf } from './helpers/files'
import { openProvider, waitProviderSynced, type TestProvider } from './helpers/provider'
import { RawClient } from './helpers/rawClient'
import { startServer, type TestServer } from './helpers/startServer'
import { waitUntil } from './helpers/wait'

const UNKNOWN_REPORT = 'r' + 'a'.repeat(20) // well-formed, never created

describe('roles are enforced on the socket and in REST', () => {
  let server: TestServer
  let admin: Api
  let reportId: string
  const users: Record<'editor' | 'viewer' | 'reviewer' | 'stranger', { api: Api; id: string }> = {} as never
  /** The editor's socket: sees everything the server relays. */
  let editor: RawClient
  const providers: TestProvider[] = []

  beforeAll(async () => {
    server = await startServer()
    admin = await Api.login(server.url)
    reportId = await admin.createReport('Roles')
    for (const name of ['editor', 'viewer', 'reviewer', 'stranger'] as const) users[name] = await admin.createUser(`${name}-user`)
    await admin.setRole(reportId, users.editor.id, 'editor')
    await admin.setRole(reportId, users.viewer.id, 'viewer')
    await admin.setRole(reportId, users.reviewer.id, 'reviewer')
    editor = RawClient.connect(server.wsUrl, reportId, { token: users.editor.api.token })
    await editor.waitSynced()
    await editor.waitSaved(1)
  })

  afterAll(async () => {
    for (const p of providers) p.destroy()
    await editor?.end()
    await stopAndRemove(server)
  })

  const contentText = async () => {
    const res = await admin.call('GET', `/api/reports/${reportId}/content`)
    expect(res.status).toBe(200)
    return JSON.stringify(res.body)
  }

  /**
   * Everything the server did with earlier frames is visible once an empty write
   * of the editor is acknowledged: relays to the editor were sent before, and the
   * acknowledgement waits for every change applied before it to be on disk.
   */
  const editorBarrier = async () => {
    const index = editor.sendWrite(Y.encodeStateAsUpdate(new Y.Doc()))
    await editor.waitSaved(index)
  }

  it("an editor's edit is applied, stored and relayed to a viewer (the observation works)", async () => {
    const viewer = openProvider(server.wsUrl, reportId, users.viewer.api.token!)
    providers.push(viewer)
    await waitProviderSynced(viewer)
    const index = editor.edit((d) => appendParagraph(d, 'editor-was-here'))
    await editor.waitSaved(index)
    await waitUntil(() => bodyOf(viewer.doc).toString().includes('editor-was-here'), 'viewer received the editor edit')
    expect(await contentText()).toContain('editor-was-here')
    viewer.destroy()
  })

  for (const role of ['viewer', 'reviewer'] as const) {
    it(`a ${role}'s edits are dropped online and in sync step 2 after a reconnect, and it is told read_only`, async () => {
      const dir = reportDir(server.dataDir, reportId)
      const p = openProvider(server.wsUrl, reportId, users[role].api.token!)
      providers.push(p)
      await waitProviderSynced(p)
      await editorBarrier()
      const sizesBefore = sizesOf(dir)
      const contentBefore = await contentText()
      const relayedBefore = editor.updatesReceived.length

      // Online: the provider sends a sync update.
      appendParagraph(p.doc, `${role}-online-edit`)
      await waitUntil(() => p.notSaved.length >= 1, `${role} told its edit is not saved`)
      expect(p.notSaved).toEqual(['read_only'])
      await editorBarrier()
      expect(editor.updatesReceived.length, 'an update was relayed to the editor').toBe(relayedBefore)
      expect(bodyOf(editor.doc).toString()).not.toContain(`${role}-online-edit`)
      expect(editor.doc.store.clients.has(p.doc.clientID), "the editor's doc holds items of the reader").toBe(false)
      expect(sizesOf(dir)).toEqual(sizesBefore)
      expect(await contentText()).toBe(contentBefore)

      // Offline edit, then reconnect: the edit travels in the provider's sync step 2.
      p.provider.disconnect()
      await waitUntil(() => !p.provider.wsconnected, 'provider disconnected')
      appendParagraph(p.doc, `${role}-offline-edit`)
      p.provider.connect()
      await waitProviderSynced(p)
      await waitUntil(() => p.notSaved.length >= 2, `${role} told again after reconnecting`)
      expect(p.notSaved).toEqual(['read_only', 'read_only'])
      await editorBarrier()
      expect(editor.updatesReceived.length, 'an update was relayed to the editor').toBe(relayedBefore)
      const editorText = bodyOf(editor.doc).toString()
      expect(editorText).not.toContain(`${role}-offline-edit`)
      expect(editorText).not.toContain(`${role}-online-edit`)
      expect(sizesOf(dir)).toEqual(sizesBefore)
      expect(await contentText()).toBe(contentBefore)

      // The reader's own copy still has its edits: they were sent, the server refused them.
      expect(bodyOf(p.doc).toString()).toContain(`${role}-offline-edit`)
      p.destroy()
    })
  }

  it('after a restart the stored document has the editor edit and none of the readers edits', async () => {
    await editor.end()
    expect(await server.stop()).toBe(0)
    server = await startServer({ dataDir: server.dataDir, port: server.port })
    const text = await contentText()
    expect(text).toContain('editor-was-here')
    for (const role of ['viewer', 'reviewer']) {
      expect(text).not.toContain(`${role}-online-edit`)
      expect(text).not.toContain(`${role}-offline-edit`)
    }
    editor = RawClient.connect(server.wsUrl, reportId, { token: users.editor.api.token })
    await editor.waitSynced()
  })

  it('an editor lowered to viewer while connected can no longer write', async () => {
    const index = editor.edit((d) => appendParagraph(d, 'before-demotion'))
    await editor.waitSaved(index)
    await admin.setRole(reportId, users.editor.id, 'viewer')
    try {
      editor.edit((d) => appendParagraph(d, 'after-demotion'))
      await waitUntil(() => editor.notSaved.includes('read_only'), 'demoted editor told read_only')
      const text = await contentText()
      expect(text).toContain('before-demotion')
      expect(text).not.toContain('after-demotion')
    } finally {
      await admin.setRole(reportId, users.editor.id, 'editor')
    }
  })

  describe('sockets of people without access are closed with the contract codes', () => {
    const cases: [string, () => RawClient, number][] = [
      ['a user who is not a member', () => RawClient.connect(server.wsUrl, reportId, { token: users.stranger.api.token }), CLOSE_FORBIDDEN],
      ['no token', () => RawClient.connect(server.wsUrl, reportId), CLOSE_UNAUTHORIZED],
      ['a bad token', () => RawClient.connect(server.wsUrl, reportId, { token: 'not-a-token' }), CLOSE_UNAUTHORIZED],
      [
        'a token with a forged signature',
        () => RawClient.connect(server.wsUrl, reportId, { token: users.editor.api.token!.slice(0, -4) + 'AAAA' }),
        CLOSE_UNAUTHORIZED,
      ],
      ['an unknown report id', () => RawClient.connect(server.wsUrl, UNKNOWN_REPORT, { token: admin.token }), CLOSE_NOT_FOUND],
      ['an unknown report id without a token', () => RawClient.connect(server.wsUrl, UNKNOWN_REPORT), CLOSE_UNAUTHORIZED],
    ]
    for (const [name, open, code] of cases) {
      it(`${name} → ${code}, and no document data is sent`, async () => {
        const client = open()
        const close = await client.waitClosed(5000)
        expect(close.code).toBe(code)
        expect(client.updatesReceived).toHaveLength(0)
        expect(client.synced).toBe(false)
        client.doc.destroy()
      })
    }

    it('an unmodified y-websocket provider of a stranger stops after 4403 and gets no content', async () => {
      const p = openProvider(server.wsUrl, reportId, users.stranger.api.token!)
      providers.push(p)
      await waitUntil(() => p.closeCodes.length > 0, 'provider closed')
      expect(p.closeCodes[0]).toBe(CLOSE_FORBIDDEN)
      expect(p.provider.shouldConnect).toBe(false)
      expect(bodyOf(p.doc).length).toBe(0)
      p.destroy()
    })
  })

  describe('REST access', () => {
    const expectError = (res: { status: number; body: unknown }, status: number) => {
      expect(res.status, JSON.stringify(res.body)).toBe(status)
      expect(res.body).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } })
    }

    it('no token or a bad token → 401', async () => {
      const anon = new Api(server.url)
      const bad = new Api(server.url, 'garbage.token.value')
      for (const client of [anon, bad]) {
        expectError(await client.call('GET', '/api/reports'), 401)
        expectError(await client.call('GET', `/api/reports/${reportId}`), 401)
        expectError(await client.call('GET', `/api/reports/${reportId}/content`), 401)
        expectError(await client.call('POST', '/api/reports', { title: 'x', period: '2026-01' }), 401)
      }
    })

    it('a non-member → 403 on the report and its content, and it is not in their list', async () => {
      const api = users.stranger.api
      expectError(await api.call('GET', `/api/reports/${reportId}`), 403)
      expectError(await api.call('GET', `/api/reports/${reportId}/content`), 403)
      expectError(await api.call('PUT', `/api/reports/${reportId}/members/${users.stranger.id}`, { role: 'owner' }), 403)
      const list = await api.call<{ id: string }[]>('GET', '/api/reports')
      expect(list.status).toBe(200)
      expect(list.body.map((r) => r.id)).not.toContain(reportId)
    })

    it('a viewer reads but may not change members (403), and nothing changes', async () => {
      const api = users.viewer.api
      expect((await api.call('GET', `/api/reports/${reportId}`)).status).toBe(200)
      expect((await api.call('GET', `/api/reports/${reportId}/content`)).status).toBe(200)
      expectError(await api.call('PUT', `/api/reports/${reportId}/members/${users.viewer.id}`, { role: 'owner' }), 403)
      expectError(await api.call('PUT', `/api/reports/${reportId}/members/${users.stranger.id}`, { role: 'editor' }), 403)
      expectError(await users.editor.api.call('PUT', `/api/reports/${reportId}/members/${users.stranger.id}`, { role: 'editor' }), 403)
      const report = await admin.call<{ members: { userId: string; role: string }[] }>('GET', `/api/reports/${reportId}`)
      expect(report.body.members.find((m) => m.userId === users.viewer.id)?.role).toBe('viewer')
      expect(report.body.members.find((m) => m.userId === users.stranger.id)).toBeUndefined()
      expectError(await users.stranger.api.call('GET', `/api/reports/${reportId}`), 403)
    })

    it('an unknown report → 404, a malformed id → 400', async () => {
      expectError(await admin.call('GET', `/api/reports/${UNKNOWN_REPORT}`), 404)
      expectError(await admin.call('GET', `/api/reports/${UNKNOWN_REPORT}/content`), 404)
      expectError(await admin.call('PUT', `/api/reports/${UNKNOWN_REPORT}/members/${users.viewer.id}`, { role: 'viewer' }), 404)
      expectError(await admin.call('GET', '/api/reports/not-an-id'), 400)
    })

    it('POST /api/users by a non-admin → 403, a taken username → 409', async () => {
      expectError(await users.editor.api.call('POST', '/api/users', { username: 'sneaky', password: 'tall-river-481', displayName: 'S' }), 403)
      const failed = await Api.login(server.url, 'sneaky', 'tall-river-481').then(
        () => 'created',
        () => 'absent',
      )
      expect(failed).toBe('absent')
      expectError(await admin.call('POST', '/api/users', { username: 'viewer-user', password: 'another-pass-1', displayName: 'dup' }), 409)
      // The existing user keeps their password.
      await expect(Api.login(server.url, 'viewer-user', 'tall-river-481')).resolves.toBeInstanceOf(Api)
    })

    it('login with a wrong password or an unknown user → 401', async () => {
      const anon = new Api(server.url)
      expectError(await anon.call('POST', '/api/auth/login', { username: 'admin', password: 'wrong-password' }), 401)
      expectError(await anon.call('POST', '/api/auth/login', { username: 'nobody-here', password: 'wrong-password' }), 401)
    })
  })
})
