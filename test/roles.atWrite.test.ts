/**
 * A REST write is authorized at the moment it writes, not only when the
 * request arrives: a caller demoted (or removed) while a large body was
 * still arriving gets 403 (401 when signed out everywhere meanwhile) and
 * nothing is written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Api } from './helpers/api'
import { stopAndRemove } from './helpers/cleanup'
import { slowRequest } from './helpers/rawHttp'
import { startServer, type TestServer } from './helpers/startServer'

/**
 * Larger than the loopback socket buffers can hold while nobody reads
 * (send buffer ≤ 4 MiB, an unread receive buffer does not grow): once this
 * much has left the client, the server's handler is reading the body, so it
 * has already checked the role.
 */
const FIRST_PART_BYTES = 24 * 1024 * 1024

describe('roles are checked again at the moment of the write', () => {
  let server: TestServer
  let admin: Api

  beforeAll(async () => {
    server = await startServer({ env: { SEED_DEMO: 'false', MAX_BODY_BYTES: String(64 * 1024 * 1024) } })
    admin = await Api.login(server.url)
  })

  afterAll(async () => {
    await stopAndRemove(server)
  })

  /** Sends `json` as the body of a slow request: a huge run of spaces first, then, after `meanwhile`, the JSON itself. */
  const slowWrite = async (method: string, path: string, token: string | undefined, json: unknown, meanwhile: () => Promise<void>) => {
    const padding = ' '.repeat(FIRST_PART_BYTES)
    const rest = JSON.stringify(json)
    const req = slowRequest(server.url, method, path, token, Buffer.byteLength(padding) + Buffer.byteLength(rest))
    await req.send(padding)
    await meanwhile()
    return req.finish(rest)
  }

  it('PUT /content by an editor demoted to viewer while the body arrives: 403, the body unchanged', async () => {
    const editor = await admin.createUser('slow-editor')
    const reportId = await admin.createReport('Slow write')
    await admin.setRole(reportId, editor.id, 'editor')
    const before = await admin.call('GET', `/api/reports/${reportId}/content`)
    expect(before.status).toBe(200)
    const replacement = {
      type: 'doc',
      content: [{ type: 'paragraph', content: [{ type: 'text', text: 'written by someone demoted meanwhile' }] }],
    }

    const res = await slowWrite('PUT', `/api/reports/${reportId}/content`, editor.api.token, replacement, () =>
      admin.setRole(reportId, editor.id, 'viewer'),
    )
    expect(res.status).toBe(403)
    const after = await admin.call('GET', `/api/reports/${reportId}/content`)
    expect(after.body).toEqual(before.body)
    expect(JSON.stringify(after.body)).not.toContain('demoted meanwhile')
  })

  it('a new comment thread by a reviewer demoted to viewer while the body arrives: 403, no thread', async () => {
    const reviewer = await admin.createUser('slow-reviewer')
    const reportId = await admin.createReport('Slow comment')
    await admin.setRole(reportId, reviewer.id, 'reviewer')
    const content = await admin.call<{ content: { attrs?: { id?: string } }[] }>('GET', `/api/reports/${reportId}/content`)
    const blockId = content.body.content.map((n) => n.attrs?.id).find(Boolean)
    const thread = { anchor: { blockId, quote: '' }, body: 'from someone demoted meanwhile', mentions: [] }

    const res = await slowWrite('POST', `/api/reports/${reportId}/comments`, reviewer.api.token, thread, () =>
      admin.setRole(reportId, reviewer.id, 'viewer'),
    )
    expect(res.status).toBe(403)
    const threads = await admin.call<{ threads: unknown[] }>('GET', `/api/reports/${reportId}/comments`)
    expect(threads.body.threads).toEqual([])
  })

  it('moving someone else’s thread by an editor demoted to reviewer while the body arrives: 403, the anchor unchanged', async () => {
    const editor = await admin.createUser('slow-mover')
    const reportId = await admin.createReport('Slow move')
    await admin.setRole(reportId, editor.id, 'editor')
    const content = await admin.call<{ content: { attrs?: { id?: string } }[] }>('GET', `/api/reports/${reportId}/content`)
    const blockId = content.body.content.map((n) => n.attrs?.id).find(Boolean)
    const anchor = { blockId, quote: 'the admin’s thread' }
    const created = await admin.call<{ id: string }>('POST', `/api/reports/${reportId}/comments`, { anchor, body: 'started by the owner' })
    expect(created.status).toBe(201)

    const moved = { anchor: { blockId, quote: 'moved by someone demoted meanwhile' } }
    const res = await slowWrite('PATCH', `/api/reports/${reportId}/comments/${created.body.id}`, editor.api.token, moved, () =>
      admin.setRole(reportId, editor.id, 'reviewer'),
    )
    expect(res.status).toBe(403)
    const threads = await admin.call<{ threads: { anchor: unknown }[] }>('GET', `/api/reports/${reportId}/comments`)
    expect(threads.body.threads.map((t) => t.anchor)).toEqual([anchor])
  })

  it('POST /api/users by an admin who signed out everywhere while the body arrived: 401, no user', async () => {
    const res = await slowWrite('POST', '/api/users', admin.token, { username: 'slow-created', password: 'tall-river-481', displayName: 'slow' }, async () => {
      const other = await Api.login(server.url)
      expect((await other.call('POST', '/api/auth/logout')).status).toBe(200)
    })
    expect(res.status).toBe(401)
    admin = await Api.login(server.url)
    const users = await admin.call<{ username: string }[]>('GET', '/api/users')
    expect(users.body.map((u) => u.username)).not.toContain('slow-created')
  })
})
