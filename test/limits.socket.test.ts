/**
 * The socket's limits against a real server, each configured low: messages
 * per second (4429), connections per user and per report (4430), and a
 * client that never reads is cut off without slowing the others. Only the
 * offending socket is closed; the document is unchanged by refused input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYNC_STEP1 } from '@schema/wire'
import * as Y from 'yjs'
import { Api } from './helpers/api'
import { stopAndRemove } from './helpers/cleanup'
import { appendParagraph, pmText } from './helpers/doc'
import { RawClient, syncFrame } from './helpers/rawClient'
import { startServer, type TestServer } from './helpers/startServer'
import { waitUntil } from './helpers/wait'

let server: TestServer
let admin: Api
let reportId: string

beforeAll(async () => {
  server = await startServer({
    env: {
      MAX_MESSAGES_PER_SECOND: '50',
      MAX_CONNECTIONS_PER_USER: '4',
      MAX_CONNECTIONS_PER_REPORT: '6',
      MAX_SEND_BUFFER_BYTES: String(256 * 1024),
    },
  })
  admin = await Api.login(server.url)
  reportId = await admin.createReport('Limits', '2026-11')
})
afterAll(() => stopAndRemove(server))

describe('socket limits', () => {
  it('closes a socket that floods messages with 4429, and only that socket', async () => {
    const calm = RawClient.connect(server.wsUrl, reportId, { token: admin.token })
    const flood = RawClient.connect(server.wsUrl, reportId, { token: admin.token })
    await Promise.all([calm.waitSynced(), flood.waitSynced()])
    const before = (await admin.call('GET', `/api/reports/${reportId}/content`)).body
    const ask = syncFrame(SYNC_STEP1, Y.encodeStateVector(new Y.Doc()))
    for (let i = 0; i < 500; i++) flood.send(ask)
    expect((await flood.waitClosed()).code).toBe(4429)
    expect(calm.isOpen).toBe(true)
    calm.edit((doc) => appendParagraph(doc, 'calm still writes'))
    await calm.waitSaved()
    expect(pmText((await admin.call('GET', `/api/reports/${reportId}/content`)).body)).toContain('calm still writes')
    expect(before).toBeTruthy()
    await calm.end()
  })

  it('caps connections per user (4430) and frees the slot when one closes', async () => {
    const own = Array.from({ length: 4 }, () => RawClient.connect(server.wsUrl, reportId, { token: admin.token }))
    await Promise.all(own.map((c) => c.waitSynced()))
    const fifth = RawClient.connect(server.wsUrl, reportId, { token: admin.token })
    expect((await fifth.waitClosed()).code).toBe(4430)
    await own[0]!.end()
    await waitUntil(async () => {
      const again = RawClient.connect(server.wsUrl, reportId, { token: admin.token })
      const ok = await again.waitSynced(2000).then(
        () => true,
        () => false,
      )
      if (ok) own[0] = again
      else await again.end()
      return ok
    }, 'a slot after one connection closed')
    await Promise.all(own.map((c) => c.end()))
  })

  it('caps connections per report (4430)', async () => {
    const users = await Promise.all([1, 2, 3].map((i) => admin.createUser(`cap-user-${i}`)))
    for (const u of users) await admin.setRole(reportId, u.id, 'editor')
    const clients = users.flatMap((u) => [0, 1].map(() => RawClient.connect(server.wsUrl, reportId, { token: u.api.token })))
    await Promise.all(clients.map((c) => c.waitSynced()))
    const seventh = RawClient.connect(server.wsUrl, reportId, { token: admin.token })
    expect((await seventh.waitClosed()).code).toBe(4430)
    await Promise.all(clients.map((c) => c.end()))
  })

  it('cuts off a client that never reads, while a reading client gets every update', async () => {
    const slow = RawClient.connect(server.wsUrl, reportId, { token: admin.token })
    const reader = RawClient.connect(server.wsUrl, reportId, { token: admin.token })
    const writer = RawClient.connect(server.wsUrl, reportId, { token: admin.token })
    await Promise.all([slow.waitSynced(), reader.waitSynced(), writer.waitSynced()])
    // Stop reading: the kernel buffers fill, then `ws` queues in the server's memory.
    ;(slow.ws as unknown as { _socket: { pause(): void } })._socket.pause()
    const big = 'x'.repeat(200_000)
    for (let i = 0; i < 60; i++) {
      writer.edit((doc) => appendParagraph(doc, `${i} ${big}`))
      await new Promise((r) => setTimeout(r, 15)) // under the message rate
    }
    await writer.waitSaved(writer.writesSent, 30_000)
    await waitUntil(() => pmText(reader.doc.getXmlFragment('default').toJSON() as never) !== null && reader.doc.getXmlFragment('default').toString().includes('59 xxx'), 'reader has the last update', 20_000)
    await waitUntil(() => server.output().includes('does not read'), 'the server cut the slow client off', 20_000)
    ;(slow.ws as unknown as { _socket: { resume(): void } })._socket.resume()
    const closed = await slow.waitClosed(20_000)
    expect(closed.code).not.toBe(1000)
    await Promise.all([reader.end(), writer.end()])
  })
})
