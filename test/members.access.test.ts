/**
 * People lose access at once: an owner removes a member, an admin
 * deactivates a user. Their open sockets close now (not on their next
 * frame), their tokens are refused from the next REST call on, and a
 * deactivated user cannot sign in. Removals and (de)activations are audited;
 * the last owner and the last admin stay. `GET /api/users` shows a user only
 * the people they share a report with.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLOSE_FORBIDDEN, CLOSE_UNAUTHORIZED } from '@schema/wire'
import { Api } from './helpers/api'
import { stopAndRemove } from './helpers/cleanup'
import { RawClient } from './helpers/rawClient'
import { ADMIN_PASSWORD, startServer, type TestServer } from './helpers/startServer'

/** Well within the once-a-second revocation check a socket does on its own frames; the clients here send none. */
const AT_ONCE_MS = 2_000

describe('removing members and deactivating users', () => {
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
    (JSON.parse(readFileSync(path.join(server.dataDir, 'meta.json'), 'utf8')) as { audit: { action: string; userId: string; reportId?: string; detail?: unknown }[] })
      .audit

  it('an owner removes a member: their socket on that report closes at once and REST access ends', async () => {
    const owner = await admin.createUser('rm-owner')
    const member = await admin.createUser('rm-member')
    const reportId = await owner.api.createReport('Removal')
    const otherReport = await owner.api.createReport('Other', '2026-10')
    await owner.api.setRole(reportId, member.id, 'editor')
    await owner.api.setRole(otherReport, member.id, 'viewer')
    const onReport = await connect(reportId, member.api.token)
    const onOther = await connect(otherReport, member.api.token)

    const res = await owner.api.call('DELETE', `/api/reports/${reportId}/members/${member.id}`)
    expect(res.status).toBe(200)
    expect(await onReport.waitClosed(AT_ONCE_MS)).toMatchObject({ code: CLOSE_FORBIDDEN })
    expect((await member.api.call('GET', `/api/reports/${reportId}`)).status).toBe(403)
    expect((await member.api.call('GET', `/api/reports/${reportId}/content`)).status).toBe(403)
    // A new socket is refused too.
    const again = RawClient.connect(server.wsUrl, reportId, { token: member.api.token })
    sockets.push(again)
    expect((await again.waitClosed()).code).toBe(CLOSE_FORBIDDEN)
    // Their other report is untouched.
    expect(onOther.close).toBeNull()
    expect((await member.api.call('GET', `/api/reports/${otherReport}`)).status).toBe(200)
    const members = (await owner.api.call<{ members: { userId: string }[] }>('GET', `/api/reports/${reportId}`)).body.members
    expect(members.map((m) => m.userId)).not.toContain(member.id)
    expect(audit()).toContainEqual(expect.objectContaining({ action: 'member.remove', userId: owner.id, reportId, detail: { userId: member.id } }))
  })

  it('only an owner or the admin removes; the last owner stays; unknown members answer 404', async () => {
    const owner = await admin.createUser('rm-owner2')
    const editor = await admin.createUser('rm-editor2')
    const reportId = await owner.api.createReport('Rules')
    await owner.api.setRole(reportId, editor.id, 'editor')

    const byEditor = await editor.api.call('DELETE', `/api/reports/${reportId}/members/${owner.id}`)
    expect(byEditor.status).toBe(403)
    const lastOwner = await owner.api.call<{ error: { code: string } }>('DELETE', `/api/reports/${reportId}/members/${owner.id}`)
    expect(lastOwner.status).toBe(409)
    expect(lastOwner.body.error.code).toBe('last_owner')
    expect((await admin.call('DELETE', `/api/reports/${reportId}/members/u${'a'.repeat(20)}`)).status).toBe(404)
    expect((await admin.call('DELETE', `/api/reports/${reportId}/members/..%2Fx`)).status).toBe(400)

    // With a second owner the first may go (here removed by the admin).
    await owner.api.setRole(reportId, editor.id, 'owner')
    expect((await admin.call('DELETE', `/api/reports/${reportId}/members/${owner.id}`)).status).toBe(200)
    expect((await owner.api.call('GET', `/api/reports/${reportId}`)).status).toBe(403)
  })

  it('an owner adds a member by username (no user list needed)', async () => {
    const owner = await admin.createUser('add-owner')
    await admin.createUser('add-target')
    const reportId = await owner.api.createReport('Add')
    const res = await owner.api.call<{ userId: string; role: string }>('POST', `/api/reports/${reportId}/members`, { username: 'add-target', role: 'reviewer' })
    expect(res.status).toBe(200)
    expect(res.body.role).toBe('reviewer')
    expect((await owner.api.call('POST', `/api/reports/${reportId}/members`, { username: 'nobody-here', role: 'viewer' })).status).toBe(404)
    expect((await owner.api.call('POST', `/api/reports/${reportId}/members`, { username: 'add-target', role: 'boss' })).status).toBe(400)
  })

  it('the admin deactivates a user: tokens refused, sockets closed at once, login refused; reactivation lets them sign in again', async () => {
    const user = await admin.createUser('deact-user')
    const reportId = await admin.createReport('Deactivation')
    await admin.setRole(reportId, user.id, 'editor')
    const socket = await connect(reportId, user.api.token)

    const res = await admin.call<{ active: boolean }>('POST', `/api/users/${user.id}/deactivate`)
    expect(res.status).toBe(200)
    expect(res.body.active).toBe(false)
    expect(await socket.waitClosed(AT_ONCE_MS)).toMatchObject({ code: CLOSE_UNAUTHORIZED })
    expect((await user.api.call('GET', '/api/auth/me')).status).toBe(401)
    expect((await user.api.call('GET', `/api/reports/${reportId}`)).status).toBe(401)
    const again = RawClient.connect(server.wsUrl, reportId, { token: user.api.token })
    sockets.push(again)
    expect((await again.waitClosed()).code).toBe(CLOSE_UNAUTHORIZED)

    const login = await new Api(server.url).call<{ error: { code: string; message: string } }>('POST', '/api/auth/login', {
      username: 'deact-user',
      password: 'tall-river-481',
    })
    expect(login.status).toBe(403)
    expect(login.body.error.code).toBe('account_deactivated')
    expect(login.body.error.message).toMatch(/deactivated/)
    // A wrong password still says only that.
    const wrong = await new Api(server.url).call('POST', '/api/auth/login', { username: 'deact-user', password: 'not-the-password' })
    expect(wrong.status).toBe(401)

    const listed = (await admin.call<{ id: string; active: boolean }[]>('GET', '/api/users')).body.find((u) => u.id === user.id)
    expect(listed?.active).toBe(false)

    expect((await admin.call('POST', `/api/users/${user.id}/reactivate`)).status).toBe(200)
    // The old token stays revoked; a new login works and keeps the memberships.
    expect((await user.api.call('GET', '/api/auth/me')).status).toBe(401)
    const back = await Api.login(server.url, 'deact-user', 'tall-river-481')
    expect((await back.call('GET', `/api/reports/${reportId}`)).status).toBe(200)
    expect(audit()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'user.deactivate', detail: { userId: user.id } }),
        expect.objectContaining({ action: 'user.reactivate', detail: { userId: user.id } }),
      ]),
    )
  })

  it('only the admin deactivates; not themselves, not the last admin', async () => {
    const user = await admin.createUser('deact-other')
    const victim = await admin.createUser('deact-victim')
    expect((await user.api.call('POST', `/api/users/${victim.id}/deactivate`)).status).toBe(403)
    expect((await user.api.call('POST', `/api/users/${victim.id}/reactivate`)).status).toBe(403)
    const me = (await admin.call<{ id: string }>('GET', '/api/auth/me')).body
    const self = await admin.call<{ error: { code: string } }>('POST', `/api/users/${me.id}/deactivate`)
    expect(self.status).toBe(409)
    expect(self.body.error.code).toBe('cannot_deactivate_self')
    expect((await admin.call('POST', `/api/users/u${'b'.repeat(20)}/deactivate`)).status).toBe(404)
    expect((await admin.call('POST', '/api/users/nope/deactivate')).status).toBe(400)
    // The admin still works.
    expect((await Api.login(server.url, 'admin', ADMIN_PASSWORD)).token).toBeTruthy()
  })

  it('GET /api/users: the admin sees everyone, anyone else themselves and the members of their reports', async () => {
    const a = await admin.createUser('list-a')
    const b = await admin.createUser('list-b')
    const c = await admin.createUser('list-c')
    const reportId = await a.api.createReport('Shared')
    await a.api.setRole(reportId, b.id, 'viewer')

    const namesSeenBy = async (api: Api) => (await api.call<{ username: string }[]>('GET', '/api/users')).body.map((u) => u.username).sort()
    expect(await namesSeenBy(a.api)).toEqual(['list-a', 'list-b'])
    expect(await namesSeenBy(b.api)).toEqual(['list-a', 'list-b'])
    expect(await namesSeenBy(c.api)).toEqual(['list-c'])
    const all = await namesSeenBy(admin)
    expect(all).toEqual(expect.arrayContaining(['admin', 'list-a', 'list-b', 'list-c', 'deact-user']))
  })
})
