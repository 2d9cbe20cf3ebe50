/**
 * In-process cost of the room's hot path (no sockets, no disk): one client
 * types into a paragraph and moves its cursor; 49 others receive. Prints µs
 * per update and per awareness message. `node --cpu-prof --import tsx bench/roomMicro.ts`
 * profiles it.
 */
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import { MESSAGE_AWARENESS, MESSAGE_SYNC, SYNC_UPDATE } from '../schema/wire'
import { Connection } from '../server/collab/Connection'
import { Room } from '../server/collab/Room'
import type { DocHandle } from '../server/storage/DocStore'
import { RoomPersistence } from '../server/collab/RoomPersistence'

const handle: DocHandle = {
  state: new Uint8Array([0, 0]),
  logBytes: 0,
  append: () => Promise.resolve(),
  compact: () => Promise.resolve(),
  idle: () => Promise.resolve(),
  close: () => Promise.resolve(),
}
const doc = new Y.Doc()
const room = new Room('rbench', doc, [{ gateWrite: () => null }], (room) => new RoomPersistence(handle, doc, { compactLogBytes: 1e12, retryMs: 1000, onDurable: () => room.onDurable(), onFailed: () => {} }))
let sent = 0
const conns = Array.from({ length: 50 }, (_, i) => new Connection({ send: () => void sent++, close: () => {} }, { id: `u${i}`, name: `user ${i}`, color: '#123456' }))
for (const c of conns) room.join(c)

const typist = new Y.Doc()
const para = new Y.XmlElement('paragraph')
const text = new Y.XmlText()
para.insert(0, [text])
typist.getXmlFragment('default').insert(0, [para])
const frame = (type: number, sub: number | null, payload: Uint8Array) => {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, type)
  if (sub !== null) encoding.writeVarUint(e, sub)
  encoding.writeVarUint8Array(e, payload)
  return encoding.toUint8Array(e)
}
room.receive(conns[0]!, frame(MESSAGE_SYNC, SYNC_UPDATE, Y.encodeStateAsUpdate(typist)))
const aw = new awarenessProtocol.Awareness(typist)
const chars = '运营服务月报abcdefg数据统计'
const N = Number(process.argv[2] ?? 20000)
let updateNs = 0n
let awarenessNs = 0n
for (let i = 0; i < N; i++) {
  const sv = Y.encodeStateVector(typist)
  text.insert(text.length, chars[i % chars.length]!)
  const u = frame(MESSAGE_SYNC, SYNC_UPDATE, Y.encodeStateAsUpdate(typist, sv))
  aw.setLocalState({ user: { name: 'x', color: '#000' }, cursor: { anchor: { type: 'x', item: { client: typist.clientID, clock: i } }, head: null } })
  const a = frame(MESSAGE_AWARENESS, null, awarenessProtocol.encodeAwarenessUpdate(aw, [typist.clientID]))
  let t = process.hrtime.bigint()
  room.receive(conns[0]!, u)
  updateNs += process.hrtime.bigint() - t
  t = process.hrtime.bigint()
  room.receive(conns[0]!, a)
  awarenessNs += process.hrtime.bigint() - t
}
console.log(JSON.stringify({ n: N, usPerUpdate: Number(updateNs / BigInt(N)) / 1000, usPerAwareness: Number(awarenessNs / BigInt(N)) / 1000, sentPerKeystroke: sent / N }))
process.exit(0)
