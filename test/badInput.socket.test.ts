/**
 * Hostile input on the collaboration socket and in report ids: a bad frame
 * closes only the socket that sent it (4400), nothing of it reaches the
 * document; a report id that is not one never reaches the file system.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  CLOSE_BAD_MESSAGE,
  CLOSE_NOT_FOUND,
  CLOSE_TOO_LARGE,
  MESSAGE_NOT_SAVED,
  MESSAGE_SAVED,
  SYNC_STEP1,
  SYNC_STEP2,
  SYNC_UPDATE,
} from '@schema/wire'
import { Api } from './helpers/api'
import { stopAndRemove } from './helpers/cleanup'
import { appendParagraph, newParagraph, sectionsOf } from './helpers/doc'
import { treeOf } from './helpers/files'
import { RawClient, syncFrame } from './helpers/rawClient'
import { rawPathClient, rawRequest } from './helpers/rawHttp'
import { startServer, type TestServer } from './helpers/startServer'
import { quietPeriod } from './helpers/wait'

const frameOf = (write: (e: encoding.Encoder) => void): Uint8Array => {
  const e = encoding.createEncoder()
  write(e)
  return encoding.toUint8Array(e)
}

/** An update made on a copy of `doc` (so nothing is sent): a new paragraph in section 0. */
function paragraphUpdate(doc: Y.Doc, text: string): Uint8Array {
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
  const before = Y.encodeStateVector(copy)
  copy.transact(() => sectionsOf(copy)[0]!.push([newParagraph(text)]))
  const update = Y.encodeStateAsUpdate(copy, before)
  copy.destroy()
  return update
}

/** An update that deletes the first paragraph and inserts text: it has structs and a delete set. */
function editAndDeleteUpdate(doc: Y.Doc, text: string): Uint8Array {
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
  const before = Y.encodeStateVector(copy)
  copy.transact(() => {
    const section = sectionsOf(copy)[0]!
    section.delete(1, 1)
    section.push([newParagraph(text)])
  })
  const update = Y.encodeStateAsUpdate(copy, before)
  copy.destroy()
  return update
}

async function content(api: Api, reportId: string): Promise<unknown> {
  const res = await api.call('GET', `/api/reports/${reportId}/content`)
  expect(res.status).toBe(200)
  return res.body
}

describe('bad frames close only the sending socket (4400) and change nothing', () => {
  let server: TestServer
  let api: Api
  let reportId: string
  let bystander: RawClient
  let baseline: unknown

  beforeAll(async () => {
    server = await startServer()
    api = await Api.login(server.url)
    reportId = await api.createReport('Bad input')
    bystander = RawClient.connect(server.wsUrl, reportId, { token: api.token })
    await bystander.waitSynced()
    await bystander.waitSaved(1)
    baseline = await content(api, reportId)
  })

  afterAll(async () => {
    await bystander?.end()
    await stopAndRemove(server)
  })

  /** The bystander is still served: an (empty) write of its own is acknowledged. */
  async function expectBystanderServed(): Promise<void> {
    expect(bystander.isOpen).toBe(true)
    const index = bystander.sendWrite(Y.encodeStateAsUpdate(new Y.Doc()))
    await bystander.waitSaved(index, 5000)
    expect(bystander.close).toBeNull()
  }

  const cases: [string, (attacker: RawClient) => Uint8Array | string][] = [
    ['garbage bytes', () => new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0x13, 0x37])],
    ['a sync frame whose length prefix runs past the end', () => new Uint8Array([0, SYNC_UPDATE, 0x40, 1, 2, 3])],
    ['a truncated varint', () => new Uint8Array([0x80])],
    ['an unknown sync sub-type', () => syncFrame(9, new Uint8Array([0, 0]))],
    ['unknown message type 7', () => frameOf((e) => encoding.writeVarUint(e, 7))],
    [
      'server-only type 100 (MESSAGE_SAVED) sent by a client',
      () =>
        frameOf((e) => {
          encoding.writeVarUint(e, MESSAGE_SAVED)
          encoding.writeVarUint(e, 1)
        }),
    ],
    [
      'server-only type 101 (MESSAGE_NOT_SAVED) sent by a client',
      () =>
        frameOf((e) => {
          encoding.writeVarUint(e, MESSAGE_NOT_SAVED)
          encoding.writeVarString(e, 'read_only')
        }),
    ],
    ['a sync update with corrupt Yjs bytes', () => syncFrame(SYNC_UPDATE, new Uint8Array(24).fill(0xff))],
    ['a sync update cut inside its structs', (a) => syncFrame(SYNC_UPDATE, paragraphUpdate(a.doc, 'cut structs').slice(0, 12))],
    ['a sync step 2 with corrupt Yjs bytes', () => syncFrame(SYNC_STEP2, new Uint8Array([1, 1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]))],
    ['a sync step 1 with a corrupt state vector', () => syncFrame(SYNC_STEP1, new Uint8Array(12).fill(0xff))],
    ['an awareness frame that is not an awareness update', () => new Uint8Array([1, 3, 0xff, 0xff, 0xff])],
    ['a text frame', () => 'hello, this is text'],
  ]

  for (const [name, makeFrame] of cases) {
    it(`${name}: closes the sender with 4400, the other client stays, content unchanged`, async () => {
      const attacker = RawClient.connect(server.wsUrl, reportId, { token: api.token })
      await attacker.waitSynced()
      attacker.send(makeFrame(attacker))
      const close = await attacker.waitClosed(5000)
      expect(close.code).toBe(CLOSE_BAD_MESSAGE)
      await expectBystanderServed()
      expect(await content(api, reportId)).toEqual(baseline)
      attacker.doc.destroy()
    })
  }

  // Yjs integrates the structs of an update before it reads its delete set, so
  // an update cut inside the delete set would fail only after part of it is in the doc.
  // Room.write reads the whole update first (server/collab/updateShape.ts) and
  // refuses it before applying, storing or relaying any of it.
  it('a sync update cut inside its delete set: closes with 4400 and none of it is applied', async () => {
    const attacker = RawClient.connect(server.wsUrl, reportId, { token: api.token })
    await attacker.waitSynced()
    const full = editAndDeleteUpdate(attacker.doc, 'half-applied-update')
    const relayedBefore = bystander.updatesReceived.length
    attacker.send(syncFrame(SYNC_UPDATE, full.slice(0, full.length - 1)))
    const close = await attacker.waitClosed(5000)
    expect(close.code).toBe(CLOSE_BAD_MESSAGE)
    await expectBystanderServed()
    expect(bystander.updatesReceived.length, 'the bystander received a relayed update').toBe(relayedBefore)
    expect(JSON.stringify(await content(api, reportId))).not.toContain('half-applied-update')
    expect(await content(api, reportId)).toEqual(baseline)
    attacker.doc.destroy()
  })

  it('a valid write from the attacker afterwards is still applied (the checks are not refusing everything)', async () => {
    const writer = RawClient.connect(server.wsUrl, reportId, { token: api.token })
    await writer.waitSynced()
    const index = writer.edit((d) => appendParagraph(d, 'a-valid-edit'))
    await writer.waitSaved(index)
    expect(JSON.stringify(await content(api, reportId))).toContain('a-valid-edit')
    await writer.end()
  })
})

describe('frames larger than MAX_FRAME_BYTES', () => {
  let server: TestServer
  let api: Api
  let reportId: string

  beforeAll(async () => {
    server = await startServer({ env: { MAX_FRAME_BYTES: '65536' } })
    api = await Api.login(server.url)
    reportId = await api.createReport('Frame limit')
  })

  afterAll(async () => {
    await stopAndRemove(server)
  })

  it('a frame under the limit is applied; a valid update over the limit closes with 1009 and is not applied', async () => {
    const bystander = RawClient.connect(server.wsUrl, reportId, { token: api.token })
    await bystander.waitSynced()
    const client = RawClient.connect(server.wsUrl, reportId, { token: api.token })
    await client.waitSynced()

    const small = client.edit((d) => appendParagraph(d, 'small-' + 'x'.repeat(30_000)))
    await client.waitSaved(small)
    const before = await content(api, reportId)
    expect(JSON.stringify(before)).toContain('small-')

    const big = syncFrame(SYNC_UPDATE, paragraphUpdate(client.doc, 'big-' + 'y'.repeat(70_000)))
    expect(big.length).toBeGreaterThan(65_536)
    client.send(big)
    const close = await client.waitClosed(5000)
    expect(close.code).toBe(CLOSE_TOO_LARGE)

    const index = bystander.sendWrite(Y.encodeStateAsUpdate(new Y.Doc()))
    await bystander.waitSaved(index)
    expect(await content(api, reportId)).toEqual(before)
    await bystander.end()
    client.doc.destroy()
  })
})

describe('report ids that are not ids never reach the file system', () => {
  let server: TestServer
  let api: Api
  let adminId: string
  let treeBefore: string[]
  let metaBefore: unknown

  // Raw path segments as sent on the wire (the server decodes them once).
  const badIds: [string, string][] = [
    ['../ (encoded slash)', '..%2F..%2Fmeta.json'],
    ['../ into reports/', '..%2Freports%2Fevil'],
    ['%2e%2e%2f', '%2e%2e%2f%2e%2e%2fmeta.json'],
    ['double-encoded %252e%252e%252f', '%252e%252e%252fsecret'],
    ['a valid-looking id followed by /..', 'rabcdefghijklmnopqrst%2F..'],
    ['NUL (%00)', 'r%00'],
    ['NUL inside an id-shaped name', 'rabcdefghij%00klmnopqrs'],
    ['500 characters', 'r' + 'a'.repeat(499)],
  ]

  beforeAll(async () => {
    server = await startServer()
    api = await Api.login(server.url)
    await api.createReport('Existing')
    const me = await api.call<{ id: string }>('GET', '/api/auth/me')
    adminId = me.body.id
    await quietPeriod(200, 'writes that follow creating a report land before the data folder is recorded')
    treeBefore = treeOf(server.dataDir)
    metaBefore = JSON.parse(readFileSync(path.join(server.dataDir, 'meta.json'), 'utf8'))
  })

  afterAll(async () => {
    await stopAndRemove(server)
  })

  for (const [name, segment] of badIds) {
    it(`${name}: REST answers 400 or 404 and the socket closes 4404`, async () => {
      const calls: [string, string, unknown][] = [
        ['GET', `/api/reports/${segment}`, undefined],
        ['GET', `/api/reports/${segment}/content`, undefined],
        ['PUT', `/api/reports/${segment}/members/${adminId}`, { role: 'viewer' }],
      ]
      for (const [method, p, body] of calls) {
        const res = await rawRequest(server.url, method, p, api.token, body)
        expect([400, 404], `${method} ${p} → ${res.status} ${res.text.slice(0, 200)}`).toContain(res.status)
        expect(res.body, `${method} ${p}`).toMatchObject({ error: { code: expect.any(String) } })
      }
      const client = rawPathClient(server.wsUrl, `/collab/${segment}`, { token: api.token })
      const close = await client.waitClosed(5000)
      expect(close.code, `socket /collab/${segment}`).toBe(CLOSE_NOT_FOUND)
      expect(client.synced).toBe(false)
      client.doc.destroy()
    })
  }

  it('literal ../ in the path (not encoded) reaches no report and no file', async () => {
    // The server normalizes the URL before routing, so these leave /api altogether and
    // get the web app's index.html (or 404); what must never come back is a stored file.
    const metaText = readFileSync(path.join(server.dataDir, 'meta.json'), 'utf8')
    for (const p of ['/api/reports/../../meta.json', '/api/reports/x/../../../etc/passwd', '/api/reports/%2e%2e/%2e%2e/meta.json', '/api/reports/..%2F..%2Fmeta.json']) {
      const res = await rawRequest(server.url, 'GET', p, api.token)
      expect(res.text, `GET ${p}`).not.toContain('passwordHash')
      expect(res.text, `GET ${p}`).not.toContain('root:')
      expect(res.text).not.toBe(metaText)
      expect([200, 400, 404, 503], `GET ${p} → ${res.status}`).toContain(res.status)
      if (res.status === 200 || res.status === 503) expect(res.text, `GET ${p}`).toMatch(/<html|Client not built/i)
    }
    // The URL is normalized before routing: /collab/../x is no collab request at all, so
    // it must not be upgraded (or, if it were, be closed as unknown).
    const client = rawPathClient(server.wsUrl, '/collab/../reports/x', { token: api.token })
    const close = await client.waitClosed(5000)
    expect(client.synced).toBe(false)
    if (client.opened) expect(close.code).toBe(CLOSE_NOT_FOUND)
    client.doc.destroy()
  })

  it('afterwards no new file or folder exists under DATA_DIR and meta.json is unchanged', async () => {
    await quietPeriod(300, 'a late write caused by the sockets above would have landed')
    expect(treeOf(server.dataDir)).toEqual(treeBefore)
    expect(JSON.parse(readFileSync(path.join(server.dataDir, 'meta.json'), 'utf8'))).toEqual(metaBefore)
  })
})
