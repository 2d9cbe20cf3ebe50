import { describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { MESSAGE_AWARENESS, MESSAGE_NOT_SAVED, MESSAGE_SAVED, MESSAGE_SYNC, SYNC_STEP1, SYNC_STEP2, SYNC_UPDATE } from '@schema/wire'
import type { DocHandle } from '../storage/DocStore'
import { Connection } from './Connection'
import { BadMessageError, Room, type RoomHooks } from './Room'
import { RoomPersistence } from './RoomPersistence'

/** A DocHandle in memory whose appends resolve when the test says so. */
class MemoryHandle implements DocHandle {
  state = new Uint8Array([0, 0])
  logBytes = 0
  appended: Uint8Array[] = []
  private waiting: (() => void)[] = []
  append(update: Uint8Array) {
    this.appended.push(update)
    return new Promise<void>((resolve) => this.waiting.push(resolve))
  }
  flushAll() {
    for (const resolve of this.waiting.splice(0)) resolve()
  }
  async compact() {}
  async idle() {}
  async close() {}
}

class FakeSocket {
  sent: Uint8Array[] = []
  closedWith: number | null = null
  send(data: Uint8Array) {
    this.sent.push(data)
  }
  close(code: number) {
    this.closedWith = code
  }
  typesSent() {
    return this.sent.map((m) => decoding.readVarUint(decoding.createDecoder(m)))
  }
}

/** A socket that tells how each frame left: at once (sendNow) or corked to the end of the tick (send). */
class TimingSocket extends FakeSocket {
  constructor(private readonly tell: (when: 'now' | 'at end of tick', data: Uint8Array) => void) {
    super()
  }
  override send(data: Uint8Array) {
    this.tell('at end of tick', data)
    super.send(data)
  }
  sendNow(data: Uint8Array) {
    this.tell('now', data)
    super.send(data)
  }
}

function makeRoom(hooks: RoomHooks[] = []) {
  const doc = new Y.Doc()
  doc.getXmlFragment('default').insert(0, [new Y.XmlElement('paragraph')])
  const handle = new MemoryHandle()
  const room = new Room('rtest', doc, hooks, (room) => new RoomPersistence(handle, doc, {
    compactLogBytes: 1e9,
    retryMs: 10,
    onDurable: () => room.onDurable(),
    onFailed: () => room.onStorageFailed(),
  }))
  return { room, handle, doc }
}

function connect(room: Room, name = 'u') {
  const socket = new FakeSocket()
  const conn = new Connection(socket, { id: name, name, color: '#000' })
  room.join(conn)
  return { conn, socket }
}

const frame = (write: (e: encoding.Encoder) => void) => {
  const e = encoding.createEncoder()
  write(e)
  return encoding.toUint8Array(e)
}
const syncFrame = (sub: number, payload: Uint8Array) =>
  frame((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC)
    encoding.writeVarUint(e, sub)
    encoding.writeVarUint8Array(e, payload)
  })
const awarenessFrame = (entries: [number, number, unknown][]) =>
  frame((e) => {
    encoding.writeVarUint(e, MESSAGE_AWARENESS)
    const inner = encoding.createEncoder()
    encoding.writeVarUint(inner, entries.length)
    for (const [id, clock, state] of entries) {
      encoding.writeVarUint(inner, id)
      encoding.writeVarUint(inner, clock)
      encoding.writeVarString(inner, JSON.stringify(state))
    }
    encoding.writeVarUint8Array(e, encoding.toUint8Array(inner))
  })

function clientUpdate(text: string): Uint8Array {
  const doc = new Y.Doc()
  doc.getText('t').insert(0, text)
  return Y.encodeStateAsUpdate(doc)
}

describe('Room', () => {
  it('encodes the full state once for many joiners with an empty state vector', () => {
    const { room } = makeRoom()
    const sockets = Array.from({ length: 50 }, () => connect(room).socket)
    for (const conn of room.connections) room.receive(conn, syncFrame(SYNC_STEP1, Y.encodeStateVector(new Y.Doc())))
    expect(room.stats.fullStateEncodes).toBe(1)
    const step2s = sockets.map((s) => s.sent.at(-1)!)
    expect(new Set(step2s).size).toBe(1) // the very same frame object
  })

  it('re-encodes after a change, and relays an update once-encoded to the others only', () => {
    const { room } = makeRoom()
    const a = connect(room, 'a')
    const b = connect(room, 'b')
    const c = connect(room, 'c')
    room.receive(a.conn, syncFrame(SYNC_UPDATE, clientUpdate('hello')))
    const relayedB = b.socket.sent.at(-1)!
    const relayedC = c.socket.sent.at(-1)!
    expect(relayedB).toBe(relayedC)
    expect(a.socket.sent.some((m) => m === relayedB)).toBe(false)
    room.receive(b.conn, syncFrame(SYNC_STEP1, new Uint8Array([0])))
    room.receive(b.conn, syncFrame(SYNC_UPDATE, clientUpdate('x')))
    room.receive(c.conn, syncFrame(SYNC_STEP1, new Uint8Array([0])))
    expect(room.stats.fullStateEncodes).toBe(2)
  })

  it('relays a change at once, before it is queued for the disk; changes under 3 ms apart wait for the end of the tick', () => {
    const { room, handle } = makeRoom()
    const a = connect(room, 'a')
    const how: string[] = []
    room.join(new Connection(new TimingSocket((when) => how.push(when === 'now' ? `now, ${handle.appended.length} appended` : when)), { id: 'b', name: 'b', color: '#000' }))
    how.length = 0
    const now = vi.spyOn(performance, 'now')
    try {
      now.mockReturnValue(10_000)
      room.receive(a.conn, syncFrame(SYNC_UPDATE, clientUpdate('one')))
      now.mockReturnValue(10_001)
      room.receive(a.conn, syncFrame(SYNC_UPDATE, clientUpdate('two')))
      now.mockReturnValue(10_004)
      room.receive(a.conn, syncFrame(SYNC_UPDATE, clientUpdate('three')))
    } finally {
      now.mockRestore()
    }
    expect(how).toEqual(['now, 0 appended', 'at end of tick', 'now, 2 appended'])
  })

  it('sends a caret that moved at once too, even right after a change; carets under 3 ms apart wait for the end of the tick', () => {
    const { room } = makeRoom()
    const a = connect(room, 'a')
    const how: string[] = []
    room.join(new Connection(new TimingSocket((when, data) => how.push(`${when} ${data[0]}`)), { id: 'b', name: 'b', color: '#000' }))
    how.length = 0
    const now = vi.spyOn(performance, 'now')
    try {
      now.mockReturnValue(20_000)
      room.receive(a.conn, syncFrame(SYNC_UPDATE, clientUpdate('one')))
      room.receive(a.conn, awarenessFrame([[7, 1, { cursor: 1 }]]))
      now.mockReturnValue(20_001)
      room.receive(a.conn, awarenessFrame([[7, 2, { cursor: 2 }]]))
      now.mockReturnValue(20_005)
      room.receive(a.conn, awarenessFrame([[7, 3, { cursor: 3 }]]))
    } finally {
      now.mockRestore()
    }
    expect(how).toEqual([`now ${MESSAGE_SYNC}`, `now ${MESSAGE_AWARENESS}`, `at end of tick ${MESSAGE_AWARENESS}`, `now ${MESSAGE_AWARENESS}`])
  })

  it('acknowledges a write only after its append is durable, counting writes per connection', () => {
    const { room, handle } = makeRoom()
    const a = connect(room, 'a')
    room.receive(a.conn, syncFrame(SYNC_STEP2, clientUpdate('one')))
    room.receive(a.conn, syncFrame(SYNC_UPDATE, clientUpdate('two')))
    expect(a.socket.typesSent()).not.toContain(MESSAGE_SAVED)
    handle.flushAll()
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        const saved = a.socket.sent.filter((m) => m[0] === MESSAGE_SAVED)
        expect(saved.length).toBeGreaterThan(0)
        const d = decoding.createDecoder(saved.at(-1)!)
        decoding.readVarUint(d)
        expect(decoding.readVarUint(d)).toBe(2)
        resolve()
      }),
    )
  })

  it('drops writes refused by a hook: not applied, not stored, not relayed; tells the sender', () => {
    const { room, handle, doc } = makeRoom([{ gateWrite: ({ conn }) => (conn.user.id === 'viewer' ? 'read_only' : null) }])
    const viewer = connect(room, 'viewer')
    const other = connect(room, 'other')
    const before = Y.encodeStateAsUpdate(doc)
    const sentBefore = other.socket.sent.length
    room.receive(viewer.conn, syncFrame(SYNC_STEP2, clientUpdate('evil')))
    room.receive(viewer.conn, syncFrame(SYNC_UPDATE, clientUpdate('evil2')))
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before)
    expect(handle.appended).toHaveLength(0)
    expect(other.socket.sent.length).toBe(sentBefore)
    expect(viewer.socket.typesSent()).toContain(MESSAGE_NOT_SAVED)
  })

  it('never acknowledges past a dropped write, but accepts a read-only step 2 that brings nothing new', async () => {
    const { room, handle, doc } = makeRoom([{ gateWrite: () => 'read_only' }])
    // A viewer whose copy equals the server's (deletions included) sends a harmless step 2.
    doc.getXmlFragment('default').delete(0, 1)
    handle.flushAll()
    const viewer = connect(room, 'viewer')
    const copy = new Y.Doc()
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
    room.receive(viewer.conn, syncFrame(SYNC_STEP2, Y.encodeStateAsUpdate(copy, Y.encodeStateVector(doc))))
    await new Promise((r) => setImmediate(r))
    expect(viewer.socket.typesSent()).toContain(MESSAGE_SAVED)
    expect(viewer.socket.typesSent()).not.toContain(MESSAGE_NOT_SAVED)
    // A real change is refused, and nothing after it is acknowledged.
    const savedBefore = viewer.socket.sent.filter((m) => m[0] === MESSAGE_SAVED).length
    room.receive(viewer.conn, syncFrame(SYNC_UPDATE, clientUpdate('edit')))
    room.receive(viewer.conn, syncFrame(SYNC_STEP2, Y.encodeStateAsUpdate(copy, Y.encodeStateVector(doc))))
    handle.flushAll()
    await new Promise((r) => setImmediate(r))
    expect(viewer.socket.typesSent()).toContain(MESSAGE_NOT_SAVED)
    expect(viewer.socket.sent.filter((m) => m[0] === MESSAGE_SAVED).length).toBe(savedBefore)
  })

  it('sends awareness changes at once and batches renewals into one frame per client', () => {
    vi.useFakeTimers()
    try {
      const { room } = makeRoom()
      const clients = ['a', 'b', 'c', 'd'].map((name) => connect(room, name))
      const awarenessSent = (c: { socket: FakeSocket }) => c.socket.sent.filter((m) => m[0] === MESSAGE_AWARENESS).length
      clients.forEach((c, i) => room.receive(c.conn, awarenessFrame([[100 + i, 1, { cursor: i }]])))
      const afterChanges = clients.map(awarenessSent)
      expect(afterChanges).toEqual([4, 4, 4, 4]) // each change reached everyone at once
      // Every client renews its unchanged state (y-protocols does so every 15 s): nothing is sent yet…
      clients.forEach((c, i) => room.receive(c.conn, awarenessFrame([[100 + i, 2, { cursor: i }]])))
      expect(clients.map(awarenessSent)).toEqual(afterChanges)
      // …then one frame per client carries all four renewals.
      vi.advanceTimersByTime(5000)
      expect(clients.map(awarenessSent)).toEqual(afterChanges.map((n) => n + 1))
      const batch = decoding.createDecoder(clients[0]!.socket.sent.at(-1)!)
      decoding.readVarUint(batch)
      expect(decoding.readVarUint(decoding.createDecoder(decoding.readVarUint8Array(batch)))).toBe(4)
      // A change still goes out at once, and replaces a pending renewal of the same client.
      room.receive(clients[1]!.conn, awarenessFrame([[101, 3, { cursor: 1 }]]))
      room.receive(clients[1]!.conn, awarenessFrame([[101, 4, { cursor: 42 }]]))
      expect(awarenessSent(clients[0]!)).toBe(afterChanges[0]! + 2)
      vi.advanceTimersByTime(5000)
      expect(awarenessSent(clients[0]!)).toBe(afterChanges[0]! + 2)
      expect(room.awareness.getStates().get(101)).toMatchObject({ cursor: 42 })
    } finally {
      vi.useRealTimers()
    }
  })

  it('lets a connection set only the awareness states it owns, with the server’s user record', () => {
    const { room } = makeRoom()
    const a = connect(room, 'alice')
    const b = connect(room, 'bob')
    room.receive(a.conn, awarenessFrame([[111, 1, { cursor: 1, user: { name: 'alice' } }]]))
    // Bob tries to overwrite and to remove Alice's state, and claims to be someone else.
    room.receive(b.conn, awarenessFrame([[111, 2, { cursor: 99, user: { name: 'mallory' } }]]))
    room.receive(b.conn, awarenessFrame([[111, 3, null]]))
    room.receive(b.conn, awarenessFrame([[222, 1, { cursor: 5, user: { name: 'mallory', color: 'red' } }]]))
    const states = room.awareness.getStates()
    expect(states.get(111)).toMatchObject({ cursor: 1, user: { id: 'alice', name: 'alice' } })
    expect(states.get(222)).toMatchObject({ cursor: 5, user: { id: 'bob', name: 'bob', color: '#000' } })
    // Leaving removes the leaver's states, and only those.
    room.leave(b.conn)
    expect(room.awareness.getStates().has(222)).toBe(false)
    expect(room.awareness.getStates().has(111)).toBe(true)
    const removal = a.socket.sent.at(-1)!
    const d = decoding.createDecoder(removal)
    expect(decoding.readVarUint(d)).toBe(MESSAGE_AWARENESS)
    const inner = decoding.createDecoder(decoding.readVarUint8Array(d))
    expect(decoding.readVarUint(inner)).toBe(1)
    expect(decoding.readVarUint(inner)).toBe(222)
    decoding.readVarUint(inner)
    expect(decoding.readVarString(inner)).toBe('null')
  })

  it('throws BadMessageError on garbage, unknown types and corrupt updates, leaving the doc unchanged', () => {
    const { room, doc } = makeRoom()
    const a = connect(room)
    const before = Y.encodeStateAsUpdate(doc)
    const frames = [
      new Uint8Array([0xff, 0xff, 0xff]),
      new Uint8Array([]),
      new Uint8Array([7, 1, 2]),
      new Uint8Array([100, 1]),
      syncFrame(9, new Uint8Array([1])),
      syncFrame(SYNC_UPDATE, new Uint8Array([1, 2, 3, 4, 5, 250, 250])),
    ]
    for (const f of frames) expect(() => room.receive(a.conn, f)).toThrow(BadMessageError)
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before)
  })
})

describe('Room quarantine', () => {
  function unknownBlockUpdate(base: Y.Doc): Uint8Array {
    const peer = new Y.Doc()
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(base))
    const sv = Y.encodeStateVector(peer)
    const widget = new Y.XmlElement('futureWidget')
    widget.setAttribute('color', 'red')
    const para = new Y.XmlElement('paragraph')
    para.insert(0, [new Y.XmlText('秘密内容')])
    widget.insert(0, [para])
    peer.getXmlFragment('default').insert(1, [widget])
    return Y.encodeStateAsUpdate(peer, sv)
  }

  it('replaces an unknown element by a quarantine block before anyone sees it, keeping its raw content', () => {
    const { room, doc, handle } = makeRoom()
    const sender = connect(room, 'sender')
    const other = connect(room, 'other')
    const replica = new Y.Doc()
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc))
    const before = other.socket.sent.length

    room.receive(sender.conn, syncFrame(SYNC_UPDATE, unknownBlockUpdate(doc)))

    const fragment = doc.getXmlFragment('default')
    const names = fragment.toArray().map((n) => (n as Y.XmlElement).nodeName)
    expect(names).toEqual(['paragraph', 'quarantine'])
    const q = fragment.get(1) as Y.XmlElement
    expect(q.getAttribute('originalType')).toBe('futureWidget')
    expect(q.getAttribute('raw')).toContain('秘密内容')
    expect(q.getAttribute('raw')).toContain('color="red"')
    expect(room.stats.quarantined).toBe(1)
    // Both changes were stored.
    expect(handle.appended.length).toBe(2)

    // The other client got one frame; applied to its replica it shows only the quarantine block.
    const frames = other.socket.sent.slice(before)
    expect(frames).toHaveLength(1)
    const d = decoding.createDecoder(frames[0]!)
    decoding.readVarUint(d)
    decoding.readVarUint(d)
    Y.applyUpdate(replica, decoding.readVarUint8Array(d))
    expect(replica.getXmlFragment('default').toArray().map((n) => (n as Y.XmlElement).nodeName)).toEqual(['paragraph', 'quarantine'])

    // The sender got the server's fix (not its own update back).
    const toSender = sender.socket.sent.filter((m) => m[0] === MESSAGE_SYNC).at(-1)!
    expect(toSender).not.toBe(frames[0])
  })
})
