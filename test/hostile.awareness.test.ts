/**
 * Awareness (carets, presence) over raw sockets, with the y-protocols
 * encoders: a client cannot set, overwrite or remove another client's state;
 * the name and colour everyone sees are the server's record of the sender,
 * whatever it claims; a connection that may not write (viewer) shares its
 * caret and nothing else; oversized or malformed states close the sender
 * with 4400.
 */
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import WebSocket from 'ws'
import { withToken } from './helpers/rawClient'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLOSE_BAD_MESSAGE, MESSAGE_AWARENESS } from '@schema/wire'
import { Api } from './helpers/api'
import { stopAndRemove } from './helpers/cleanup'
import { startServer, type TestServer } from './helpers/startServer'
import { waitUntil } from './helpers/wait'

type State = Record<string, unknown>

/** A raw awareness frame: `[clientId, clock, state]` entries, states as JSON text. */
function awarenessFrame(entries: [number, number, State | null | string][]): Uint8Array {
  const inner = encoding.createEncoder()
  encoding.writeVarUint(inner, entries.length)
  for (const [client, clock, state] of entries) {
    encoding.writeVarUint(inner, client)
    encoding.writeVarUint(inner, clock)
    encoding.writeVarString(inner, typeof state === 'string' ? state : JSON.stringify(state))
  }
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, MESSAGE_AWARENESS)
  encoding.writeVarUint8Array(e, encoding.toUint8Array(inner))
  return encoding.toUint8Array(e)
}

/** A socket that keeps an Awareness replica of what the server tells it (y-protocols decoding). */
class Peer {
  readonly ws: WebSocket
  readonly awareness = new awarenessProtocol.Awareness(new Y.Doc())
  close: { code: number; reason: string } | null = null
  opened = false

  constructor(server: TestServer, reportId: string, token: string) {
    this.awareness.setLocalState(null)
    this.ws = new WebSocket(`${server.wsUrl}/${reportId}`, withToken({}, token))
    this.ws.binaryType = 'nodebuffer'
    this.ws.on('open', () => (this.opened = true))
    this.ws.on('error', () => undefined)
    this.ws.on('close', (code, reason) => (this.close = { code, reason: reason.toString() }))
    this.ws.on('message', (data: Buffer) => {
      const d = decoding.createDecoder(new Uint8Array(data))
      if (decoding.readVarUint(d) === MESSAGE_AWARENESS) {
        awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(d), 'server')
      }
    })
  }

  async ready(): Promise<this> {
    await waitUntil(() => this.opened || this.close !== null, 'peer open')
    if (!this.opened) throw new Error(`refused: ${JSON.stringify(this.close)}`)
    return this
  }

  send(frame: Uint8Array): void {
    this.ws.send(frame)
  }

  state(clientId: number): State | undefined {
    return this.awareness.getStates().get(clientId) as State | undefined
  }

  clock(clientId: number): number | undefined {
    return this.awareness.meta.get(clientId)?.clock
  }

  async end(): Promise<void> {
    this.awareness.destroy()
    if (this.ws.readyState === WebSocket.CLOSED) return
    this.ws.close()
    await waitUntil(() => this.ws.readyState === WebSocket.CLOSED, 'peer closed', 5000).catch(() => this.ws.terminate())
  }
}

/** A caret as y-tiptap writes it: relative positions as JSON. */
const cursor = {
  anchor: { type: { client: 12, clock: 3 }, tname: null, item: { client: 12, clock: 7 }, assoc: -1 },
  head: { type: { client: 12, clock: 3 }, tname: null, item: { client: 12, clock: 9 }, assoc: -1 },
}

let server: TestServer
let admin: Api
let reportId: string
const users: Record<'alice' | 'mallory' | 'vic', { api: Api; id: string; name: string; color: string }> = {} as never

const ALICE = 1001
const MALLORY = 2002
const VIC = 3003

beforeAll(async () => {
  server = await startServer()
  admin = await Api.login(server.url)
  reportId = await admin.createReport('Awareness')
  for (const [name, role] of [
    ['alice', 'editor'],
    ['mallory', 'editor'],
    ['vic', 'viewer'],
  ] as const) {
    const created = await admin.createUser(`${name}-aw`)
    await admin.setRole(reportId, created.id, role)
    users[name] = { ...created, name: `${name}-aw`, color: '' }
  }
  const all = (await admin.call<{ id: string; displayName: string; color: string }[]>('GET', '/api/users')).body
  for (const u of Object.values(users)) u.color = all.find((x) => x.id === u.id)!.color
})

afterAll(() => stopAndRemove(server))

describe('awareness states belong to the connection that set them', () => {
  let alice: Peer
  let mallory: Peer
  let observer: Peer
  let malloryClock = 0

  /** Mallory's own state at a new clock; once the observer sees it, everything Mallory sent before was handled. */
  async function malloryBarrier(): Promise<void> {
    const clock = ++malloryClock
    mallory.send(awarenessFrame([[MALLORY, clock, { cursor: null }]]))
    await waitUntil(() => (observer.clock(MALLORY) ?? 0) >= clock, `observer sees Mallory's clock ${clock}`)
  }

  beforeAll(async () => {
    observer = await new Peer(server, reportId, admin.token!).ready()
    alice = await new Peer(server, reportId, users.alice.api.token!).ready()
    mallory = await new Peer(server, reportId, users.mallory.api.token!).ready()
    alice.send(awarenessFrame([[ALICE, 1, { cursor, user: { name: 'Alice (claimed)', color: '#123456' } }]]))
    await waitUntil(() => observer.state(ALICE) !== undefined, 'observer sees Alice')
    await malloryBarrier()
  })

  afterAll(async () => {
    await Promise.all([alice, mallory, observer].map((p) => p?.end()))
  })

  it("shows the server's record of the sender as `user`, not what it claims", () => {
    expect(observer.state(ALICE)).toEqual({ cursor, user: { id: users.alice.id, name: 'alice-aw', color: users.alice.color } })
  })

  it("Mallory cannot overwrite Alice's state, not even with a higher clock", async () => {
    mallory.send(awarenessFrame([[ALICE, 99, { cursor: null, user: { name: 'Mallory as Alice' } }]]))
    await malloryBarrier()
    expect(observer.state(ALICE)).toEqual({ cursor, user: { id: users.alice.id, name: 'alice-aw', color: users.alice.color } })
    expect(observer.clock(ALICE)).toBe(1)
  })

  it("Mallory cannot remove Alice's state (null), alone or hidden among her own entries", async () => {
    mallory.send(awarenessFrame([[ALICE, 100, null]]))
    mallory.send(awarenessFrame([[MALLORY, ++malloryClock, { cursor: null }], [ALICE, 101, null]]))
    await malloryBarrier()
    expect(observer.state(ALICE)).toBeDefined()
    expect(observer.clock(ALICE)).toBe(1)
  })

  it("Mallory's own claim of another name and colour is replaced by her record", async () => {
    mallory.send(awarenessFrame([[MALLORY, ++malloryClock, { user: { id: 'u-admin', name: 'Administrator', color: '#000000' }, cursor }]]))
    await malloryBarrier()
    // The barrier overwrote the cursor; the user was hers all along.
    expect(observer.state(MALLORY)).toEqual({ cursor: null, user: { id: users.mallory.id, name: 'mallory-aw', color: users.mallory.color } })
  })

  it('a peer joining now is sent the states the server holds: Alice is untouched', async () => {
    const late = await new Peer(server, reportId, admin.token!).ready()
    await waitUntil(() => late.state(ALICE) !== undefined && late.state(MALLORY) !== undefined, 'late peer sees both')
    expect(late.state(ALICE)).toEqual({ cursor, user: { id: users.alice.id, name: 'alice-aw', color: users.alice.color } })
    expect(late.clock(ALICE)).toBe(1)
    await late.end()
  })

  it('Alice can still change and remove her own state', async () => {
    alice.send(awarenessFrame([[ALICE, 2, { cursor: null, typing: true }]]))
    await waitUntil(() => observer.clock(ALICE) === 2, 'observer sees Alice at clock 2')
    expect(observer.state(ALICE)).toEqual({ cursor: null, typing: true, user: { id: users.alice.id, name: 'alice-aw', color: users.alice.color } })
    alice.send(awarenessFrame([[ALICE, 3, null]]))
    await waitUntil(() => observer.state(ALICE) === undefined, "observer sees Alice's removal")
  })

  it('a connection claims at most 8 client ids; further ones are ignored', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => 9000 + i)
    mallory.send(awarenessFrame(ids.map((id) => [id, 1, { cursor: null }])))
    await malloryBarrier()
    // Mallory already holds one id (her own): 7 more are taken.
    expect(ids.filter((id) => observer.state(id) !== undefined)).toHaveLength(7)
  })
})

describe('a viewer shares its caret and nothing else', () => {
  let vic: Peer
  let observer: Peer
  let clock = 0
  const vicUser = () => ({ id: users.vic.id, name: 'vic-aw', color: users.vic.color })

  beforeAll(async () => {
    observer = await new Peer(server, reportId, admin.token!).ready()
    vic = await new Peer(server, reportId, users.vic.api.token!).ready()
  })

  afterAll(async () => {
    await Promise.all([vic, observer].map((p) => p?.end()))
  })

  async function vicSends(state: State): Promise<State | undefined> {
    const c = ++clock
    vic.send(awarenessFrame([[VIC, c, state]]))
    await waitUntil(() => observer.clock(VIC) === c, `observer sees the viewer's clock ${c}`)
    return observer.state(VIC)
  }

  it('its caret is relayed; every other field it sets is dropped', async () => {
    expect(
      await vicSends({ cursor, user: { name: 'Admin', color: '#000' }, banner: '系统公告：请重新登录', typing: true, html: '<img src=x onerror=alert(1)>' }),
    ).toEqual({ cursor, user: vicUser() })
  })

  it('a caret that is not a pair of relative positions is replaced by null', async () => {
    expect(await vicSends({ cursor: { anchor: 'x'.repeat(1000), head: 1 } })).toEqual({ cursor: null, user: vicUser() })
    expect(await vicSends({ cursor: { ...cursor, extra: 'field' } })).toEqual({ cursor: null, user: vicUser() })
    expect(await vicSends({ cursor: { anchor: { ...cursor.anchor, payload: 'junk' }, head: cursor.head } })).toEqual({
      cursor: null,
      user: vicUser(),
    })
    expect(await vicSends({ cursor: null })).toEqual({ cursor: null, user: vicUser() })
    expect(await vicSends({ presence: 'here' })).toEqual({ user: vicUser() })
  })

  it('an editor may share more than its caret (its fields are kept, its user replaced)', async () => {
    const editor = await new Peer(server, reportId, users.alice.api.token!).ready()
    editor.send(awarenessFrame([[4004, 1, { cursor, typing: true, user: { name: 'x' } }]]))
    await waitUntil(() => observer.state(4004) !== undefined, 'observer sees the editor')
    expect(observer.state(4004)).toEqual({ cursor, typing: true, user: { id: users.alice.id, name: 'alice-aw', color: users.alice.color } })
    await editor.end()
  })
})

describe('malformed or oversized awareness closes the sender with 4400', () => {
  // Each case uses its own client id: a state that got through would stay owned by its (open) sender.
  const cases: [string, number, Uint8Array][] = [
    ['a state over 16 KiB', 5005, awarenessFrame([[5005, 1, { cursor: null, junk: 'x'.repeat(17 * 1024) }]])],
    ['a state that is not an object', 5006, awarenessFrame([[5006, 1, '[1,2,3]']])],
    ['a state that is not JSON', 5007, awarenessFrame([[5007, 1, '{"cursor":']])],
    [
      'more than 10,000 entries',
      5008,
      awarenessFrame([[5008, 1, { cursor: null }], ...Array.from({ length: 10_000 }, (_, i) => [6000 + i, 1, null] as [number, number, null])]),
    ],
  ]
  for (const [name, clientId, frame] of cases) {
    it(`${name}`, async () => {
      const observer = await new Peer(server, reportId, admin.token!).ready()
      const sender = await new Peer(server, reportId, users.mallory.api.token!).ready()
      sender.send(frame)
      try {
        await waitUntil(() => sender.close !== null, 'sender closed', 5000)
        expect(sender.close!.code).toBe(CLOSE_BAD_MESSAGE)
        expect(observer.state(clientId)).toBeUndefined()
        expect(observer.close).toBeNull()
      } finally {
        await Promise.all([sender.end(), observer.end()])
      }
    })
  }
})
