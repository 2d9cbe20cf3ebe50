/**
 * A y-protocols client over `ws` with nothing hidden: it counts the
 * document-write messages it sends (sync step 2 and sync update, from 1, as
 * the server counts them), records MESSAGE_SAVED / MESSAGE_NOT_SAVED, and
 * exposes the close code. It can also send arbitrary frames.
 */
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import WebSocket from 'ws'
import {
  MESSAGE_AWARENESS,
  MESSAGE_NOT_SAVED,
  MESSAGE_REPORT_EVENT,
  MESSAGE_SAVED,
  MESSAGE_SYNC,
  SYNC_STEP1,
  SYNC_STEP2,
  SYNC_UPDATE,
} from '@schema/wire'
import type { ReportEvent } from '@schema/reportEvent'
import { waitUntil } from './wait'

const REMOTE = Symbol('remote')

export interface CloseInfo {
  code: number
  reason: string
}

export interface RawClientOptions {
  /** Sent as `Authorization: Bearer`; omit to connect without a token. */
  token?: string
  /** Send sync step 1 on open and answer the server's step 1 (default true). */
  sync?: boolean
  /** Extra `ws` options (e.g. finishRequest to send a raw path). */
  wsOptions?: WebSocket.ClientOptions
}

/**
 * `ws` options that authenticate with `token` the way a non-browser client does: the
 * `Authorization: Bearer` header of the upgrade (the server refuses a token in the URL).
 */
export function withToken(wsOptions: WebSocket.ClientOptions = {}, token?: string): WebSocket.ClientOptions {
  if (token === undefined) return wsOptions
  return { ...wsOptions, headers: { ...wsOptions.headers, authorization: `Bearer ${token}` } }
}

export function syncFrame(sub: number, payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, MESSAGE_SYNC)
  encoding.writeVarUint(e, sub)
  encoding.writeVarUint8Array(e, payload)
  return encoding.toUint8Array(e)
}

export class RawClient {
  readonly ws: WebSocket
  readonly doc = new Y.Doc()
  /** Document-write messages sent so far (the index of the last one). */
  writesSent = 0
  /** Highest MESSAGE_SAVED count received. */
  saved = 0
  /** Every MESSAGE_SAVED count in order of arrival. */
  readonly savedMessages: number[] = []
  readonly notSaved: string[] = []
  /** Report events (status, comments) pushed by the server (MESSAGE_REPORT_EVENT). */
  readonly events: ReportEvent[] = []
  /** Document updates received from the server (step 2 and updates). */
  readonly updatesReceived: Uint8Array[] = []
  /** Whether the server's sync step 2 arrived. */
  synced = false
  /** Round trips (see `roundTrip`) sent and answered. */
  private markersSent = 0
  private markersAnswered = 0
  opened = false
  close: CloseInfo | null = null
  readonly closed: Promise<CloseInfo>
  /** Called with the index of each write when it is sent. */
  onWrite: ((index: number, update: Uint8Array) => void) | null = null

  constructor(url: string, options: RawClientOptions = {}) {
    this.ws = new WebSocket(url, withToken(options.wsOptions, options.token))
    this.ws.binaryType = 'arraybuffer'
    const sync = options.sync ?? true
    this.closed = new Promise((resolve) => {
      this.ws.on('close', (code, reason) => {
        this.close = { code, reason: reason.toString() }
        resolve(this.close)
      })
    })
    this.ws.on('error', () => {
      /* the close event follows; tests look at the code */
    })
    this.ws.on('open', () => {
      this.opened = true
      if (sync) this.ws.send(syncFrame(SYNC_STEP1, Y.encodeStateVector(this.doc)))
    })
    this.ws.on('message', (data: ArrayBuffer) => this.receive(new Uint8Array(data), sync))
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== REMOTE && this.isOpen) this.sendWrite(update)
    })
  }

  /** Opens `<wsUrl>/<reportId>` (wsUrl as in TestServer: `ws://host:port/collab`). */
  static connect(wsUrl: string, reportId: string, options: RawClientOptions = {}): RawClient {
    return new RawClient(`${wsUrl}/${reportId}`, options)
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN
  }

  private receive(frame: Uint8Array, sync: boolean): void {
    const d = decoding.createDecoder(frame)
    const type = decoding.readVarUint(d)
    if (type === MESSAGE_SYNC) {
      const sub = decoding.readVarUint(d)
      const payload = decoding.readVarUint8Array(d)
      if (sub === SYNC_STEP1) {
        if (sync) this.sendWrite(Y.encodeStateAsUpdate(this.doc, payload), SYNC_STEP2)
      } else if (sub === SYNC_STEP2 && this.markersAnswered < this.markersSent) {
        // The answer to a round trip: applied, but not counted as a document update from the server.
        this.markersAnswered++
        Y.applyUpdate(this.doc, payload, REMOTE)
      } else if (sub === SYNC_STEP2 || sub === SYNC_UPDATE) {
        this.updatesReceived.push(payload)
        Y.applyUpdate(this.doc, payload, REMOTE)
        if (sub === SYNC_STEP2) this.synced = true
      }
    } else if (type === MESSAGE_SAVED) {
      const n = decoding.readVarUint(d)
      this.savedMessages.push(n)
      this.saved = Math.max(this.saved, n)
    } else if (type === MESSAGE_NOT_SAVED) {
      this.notSaved.push(decoding.readVarString(d))
    } else if (type === MESSAGE_REPORT_EVENT) {
      this.events.push(JSON.parse(decoding.readVarString(d)) as ReportEvent)
    } else if (type !== MESSAGE_AWARENESS) {
      throw new Error(`unexpected message type ${type} from the server`)
    }
  }

  /** Sends one document-write message; returns its index. */
  sendWrite(update: Uint8Array, sub: number = SYNC_UPDATE): number {
    const index = ++this.writesSent
    this.onWrite?.(index, update)
    this.ws.send(syncFrame(sub, update))
    return index
  }

  /** Makes a local change (sent as one sync update); returns the write index. */
  edit(change: (doc: Y.Doc) => void): number {
    const before = this.writesSent
    this.doc.transact(() => change(this.doc))
    if (this.writesSent !== before + 1) throw new Error(`edit produced ${this.writesSent - before} writes`)
    return this.writesSent
  }

  send(frame: Uint8Array | string): void {
    this.ws.send(frame)
  }

  async waitOpen(timeoutMs = 10_000): Promise<void> {
    await waitUntil(() => this.opened || this.close !== null, 'socket open', timeoutMs)
    if (!this.opened) throw new Error(`socket closed before opening: ${JSON.stringify(this.close)}`)
  }

  async waitSynced(timeoutMs = 10_000): Promise<void> {
    await waitUntil(() => this.synced || this.close !== null, 'sync step 2 from the server', timeoutMs)
    if (!this.synced) throw new Error(`socket closed before syncing: ${JSON.stringify(this.close)}`)
  }

  async waitSaved(index = this.writesSent, timeoutMs = 10_000): Promise<void> {
    await waitUntil(() => this.saved >= index || this.close !== null, () => `MESSAGE_SAVED >= ${index} (have ${this.saved})`, timeoutMs)
    if (this.saved < index) throw new Error(`socket closed before write ${index} was saved: ${JSON.stringify(this.close)}`)
  }

  /**
   * A marker: sends sync step 1 and waits for the server's step 2 answer. Everything the server sent on this
   * socket before handling the marker has arrived when this resolves, so a test can assert that something
   * did not arrive without sleeping. Only after `waitSynced`.
   */
  async roundTrip(timeoutMs = 10_000): Promise<void> {
    const n = ++this.markersSent
    this.ws.send(syncFrame(SYNC_STEP1, Y.encodeStateVector(this.doc)))
    await waitUntil(() => this.markersAnswered >= n || this.close !== null, 'the answer to a round trip', timeoutMs)
    if (this.markersAnswered < n) throw new Error(`socket closed before the round trip was answered: ${JSON.stringify(this.close)}`)
  }

  /** Resolves with the close code, failing after `timeoutMs`. */
  async waitClosed(timeoutMs = 10_000): Promise<CloseInfo> {
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`socket still open after ${timeoutMs} ms`)), timeoutMs)
    })
    try {
      return await Promise.race([this.closed, timeout])
    } finally {
      clearTimeout(timer)
    }
  }

  /** Closes from our side and waits for the close to finish. */
  async end(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return
    if (this.ws.readyState === WebSocket.CONNECTING) this.ws.terminate()
    else this.ws.close()
    await this.waitClosed().catch(() => this.ws.terminate())
    this.doc.destroy()
  }
}
