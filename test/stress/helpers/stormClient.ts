/**
 * A raw y-protocols client that keeps its Y.Doc across sockets and
 * reconnects by itself, as a browser tab does after a network drop: on every
 * open it sends sync step 1, answers the server's step 1 with step 2 (which
 * carries everything made offline), and sends live updates as they happen.
 * It counts its document writes per socket and records MESSAGE_SAVED, so a
 * test knows when everything it wrote is on disk.
 */
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import WebSocket from 'ws'
import { MESSAGE_NOT_SAVED, MESSAGE_SAVED, MESSAGE_SYNC, SYNC_STEP1, SYNC_STEP2, SYNC_UPDATE } from '@schema/wire'
import { syncFrame } from '../../helpers/rawClient'

const REMOTE = Symbol('remote')

export class StormClient {
  readonly doc = new Y.Doc()
  ws: WebSocket | null = null
  /** Reconnect after a close (false after `stop`). */
  shouldConnect = true
  /** The current socket received the server's step 2. */
  synced = false
  /** Document writes sent on the current socket, and the highest MESSAGE_SAVED on it. */
  writesSent = 0
  saved = 0
  opens = 0
  readonly closeCodes: number[] = []
  readonly notSaved: string[] = []

  constructor(
    private readonly url: string,
    /** Delay before reconnecting after a close, in ms (called each time). */
    private readonly reconnectDelay: () => number = () => 50,
    /** Sent as `Authorization: Bearer` on every upgrade. */
    private readonly token?: string,
  ) {
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== REMOTE && this.isOpen) this.sendWrite(update, SYNC_UPDATE)
    })
  }

  get isOpen(): boolean {
    return this.ws?.readyState === WebSocket.OPEN
  }

  /** Everything written on the current socket is acknowledged as saved. */
  get allSaved(): boolean {
    return this.synced && this.saved >= this.writesSent
  }

  connect(): void {
    if (this.ws) return
    const ws = new WebSocket(this.url, this.token === undefined ? {} : { headers: { authorization: `Bearer ${this.token}` } })
    ws.binaryType = 'arraybuffer'
    this.ws = ws
    this.synced = false
    this.writesSent = 0
    this.saved = 0
    ws.on('open', () => {
      this.opens++
      ws.send(syncFrame(SYNC_STEP1, Y.encodeStateVector(this.doc)))
    })
    ws.on('message', (data: ArrayBuffer) => this.receive(new Uint8Array(data)))
    ws.on('error', () => {
      /* a close follows */
    })
    ws.on('close', (code) => {
      this.closeCodes.push(code)
      if (this.ws === ws) this.ws = null
      this.synced = false
      if (this.shouldConnect) setTimeout(() => this.shouldConnect && this.connect(), this.reconnectDelay())
    })
  }

  /** Cuts the socket like a network drop (no close handshake); reconnects if `shouldConnect`. */
  drop(): void {
    this.ws?.terminate()
  }

  /** Closes cleanly; reconnects if `shouldConnect`. */
  close(): void {
    this.ws?.close()
  }

  /** Stops for good. */
  stop(): void {
    this.shouldConnect = false
    this.ws?.terminate()
  }

  private sendWrite(update: Uint8Array, sub: number): void {
    this.writesSent++
    this.ws!.send(syncFrame(sub, update))
  }

  private receive(frame: Uint8Array): void {
    const d = decoding.createDecoder(frame)
    const type = decoding.readVarUint(d)
    if (type === MESSAGE_SYNC) {
      const sub = decoding.readVarUint(d)
      const payload = decoding.readVarUint8Array(d)
      if (sub === SYNC_STEP1) {
        if (this.isOpen) this.sendWrite(Y.encodeStateAsUpdate(this.doc, payload), SYNC_STEP2)
      } else {
        Y.applyUpdate(this.doc, payload, REMOTE)
        if (sub === SYNC_STEP2) this.synced = true
      }
    } else if (type === MESSAGE_SAVED) {
      this.saved = Math.max(this.saved, decoding.readVarUint(d))
    } else if (type === MESSAGE_NOT_SAVED) {
      this.notSaved.push(decoding.readVarString(d))
    }
    // Awareness and report events: not what these tests look at.
  }
}
