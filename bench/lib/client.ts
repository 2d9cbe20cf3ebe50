/**
 * A lightweight y-protocols client over `ws` (no provider), made for running
 * many in one process: it timestamps every frame on arrival, hands document
 * updates and awareness to hooks, and applies remote updates to its own
 * Y.Doc in a setImmediate batch, so applying one client's update does not
 * delay the arrival timestamp of the next client's frame.
 *
 * Like the y-websocket provider it sends sync step 1 on open and answers the
 * server's step 1 with step 2. The envelope of each server (y-websocket,
 * Hocuspocus' document-name prefix, the null relay that answers nothing) is
 * lib/framing.ts's. Message types ≥ 100 (our MESSAGE_SAVED /
 * MESSAGE_NOT_SAVED) and Hocuspocus' SyncStatus are counted, unknown ones ignored.
 */
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import WebSocket from 'ws'
import {
  MESSAGE_AWARENESS,
  MESSAGE_NOT_SAVED,
  MESSAGE_SAVED,
  MESSAGE_SYNC,
  SYNC_STEP1,
  SYNC_STEP2,
  SYNC_UPDATE,
} from '../../schema/wire'
import { IN_APPLIED, IN_AUTHENTICATED, IN_CLOSE, IN_DENIED, yWebsocketFraming, type Framing } from './framing'

/** Where a client connects: the socket URL and the server's framing. */
export interface Endpoint {
  url: string
  framing: Framing
  /** Headers of the upgrade (our server: `Authorization: Bearer`; it refuses a token in the URL). */
  headers?: Record<string, string>
}

export interface ClientOptions {
  /** Apply the first step 2 to the Y.Doc (default true); false = decode only. */
  applyStep2?: boolean
  /** Apply remote updates to the Y.Doc (default true); false = timestamp and count only, to keep the load generator light. */
  applyRemote?: boolean
}

export interface ClientHooks {
  /** A sync update (type 0/2) arrived at `t` (performance.now()). */
  onUpdate?(client: LightClient, update: Uint8Array, t: number): void
  /** An awareness update arrived. */
  onAwareness?(client: LightClient, update: Uint8Array, t: number): void
  /** MESSAGE_SAVED: the first `count` writes of this connection are durable. */
  onSaved?(client: LightClient, count: number, t: number): void
  /** Hocuspocus SyncStatus: one more update applied in the server's memory (not a durable acknowledgement). */
  onApplied?(client: LightClient, t: number): void
}

const REMOTE = Symbol('remote')
const LOCAL = Symbol('local')

export function syncFrame(sub: number, payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, MESSAGE_SYNC)
  encoding.writeVarUint(e, sub)
  encoding.writeVarUint8Array(e, payload)
  return encoding.toUint8Array(e)
}

export function awarenessFrame(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, MESSAGE_AWARENESS)
  encoding.writeVarUint8Array(e, update)
  return encoding.toUint8Array(e)
}

/** `client:clock` of the first struct of a v1 update (what a keystroke inserts); null for delete-only updates. */
export function structKey(update: Uint8Array): string | null {
  const d = decoding.createDecoder(update)
  const clients = decoding.readVarUint(d)
  if (clients === 0) return null
  decoding.readVarUint(d) // number of structs
  const client = decoding.readVarUint(d)
  const clock = decoding.readVarUint(d)
  return `${client}:${clock}`
}

/** `a:client:clock` of the first entry of an awareness update. */
export function awarenessKey(update: Uint8Array): string | null {
  const d = decoding.createDecoder(update)
  if (decoding.readVarUint(d) === 0) return null
  const client = decoding.readVarUint(d)
  const clock = decoding.readVarUint(d)
  return `a:${client}:${clock}`
}

/** Bytes a server→client frame of `len` payload bytes takes on the wire (unmasked header). */
const wireBytes = (len: number) => len + (len < 126 ? 2 : len < 65536 ? 4 : 10)

export class LightClient {
  readonly doc = new Y.Doc()
  readonly ws: WebSocket
  /** performance.now() at construction, socket open, first step 2 applied. */
  readonly tStart = performance.now()
  tOpen = 0
  /** Arrival of the first step 2 (before applying it). */
  tStep2 = 0
  tSynced = 0
  /** Payload of the first sync step 2 received (the full state for a fresh client). */
  step2: Uint8Array | null = null
  /** Document-write messages sent (sync step 2 + updates), counted as the server counts them. */
  writesSent = 0
  /** Highest MESSAGE_SAVED count. */
  saved = 0
  /** Hocuspocus SyncStatus acknowledgements received (applied in memory). */
  applied = 0
  readonly notSaved: string[] = []
  /** Server→client bytes on the wire (payload + frame header) and frames. */
  bytesIn = 0
  framesIn = 0
  updatesIn = 0
  awarenessIn = 0
  unknownIn = 0
  closeCode: number | null = null
  readonly synced: Promise<void>
  readonly closed: Promise<void>
  private readonly roundTrips: (() => void)[] = []
  private pending: Uint8Array[] = []
  private flushScheduled = false
  private lastLocal: Uint8Array | null = null
  readonly framing: Framing
  /** Whether remote updates are applied to the Y.Doc (see ClientOptions.applyRemote); may be switched at any time. */
  applyRemote: boolean

  constructor(
    target: string | Endpoint,
    private readonly hooks: ClientHooks = {},
    private readonly options: ClientOptions = {},
  ) {
    const { url, framing, headers } = typeof target === 'string' ? { url: target, framing: yWebsocketFraming, headers: undefined } : target
    this.framing = framing
    this.applyRemote = options.applyRemote ?? true
    this.ws = new WebSocket(url, { perMessageDeflate: false, headers })
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === LOCAL) {
        this.lastLocal = update
        this.sendUpdate(update)
      }
    })
    let resolveSynced!: () => void
    let rejectSynced!: (err: Error) => void
    this.synced = new Promise((resolve, reject) => {
      resolveSynced = resolve
      rejectSynced = reject
    })
    this.synced.catch(() => {})
    this.closed = new Promise((resolve) => {
      this.ws.on('close', (code) => {
        this.closeCode = code
        rejectSynced(new Error(`socket closed (${code}) before sync`))
        resolve()
      })
    })
    this.ws.on('error', (err) => rejectSynced(err))
    this.ws.on('open', () => {
      this.tOpen = performance.now()
      for (const frame of framing.hello()) this.ws.send(frame)
      if (framing.serverSyncs) this.send(syncFrame(SYNC_STEP1, Y.encodeStateVector(this.doc)))
      else {
        // Nothing will answer: the client is as synced as it gets.
        this.tStep2 = this.tSynced = this.tOpen
        resolveSynced()
      }
    })
    this.ws.on('message', (data: Buffer) => {
      const t = performance.now()
      this.framesIn++
      this.bytesIn += wireBytes(data.length)
      const { type, d } = framing.unwrap(data)
      if (type === MESSAGE_SYNC) {
        const sub = decoding.readVarUint(d)
        const payload = decoding.readVarUint8Array(d)
        if (sub === SYNC_STEP1) {
          this.sendWrite(syncFrame(SYNC_STEP2, Y.encodeStateAsUpdate(this.doc, payload)))
        } else if (sub === SYNC_STEP2) {
          this.flush()
          if (!this.step2) {
            this.tStep2 = t
            this.step2 = payload
            if (this.options.applyStep2 ?? true) Y.applyUpdate(this.doc, payload, REMOTE)
            this.tSynced = performance.now()
            resolveSynced()
          } else {
            Y.applyUpdate(this.doc, payload, REMOTE)
            this.roundTrips.shift()?.()
          }
        } else if (sub === SYNC_UPDATE) {
          this.updatesIn++
          this.hooks.onUpdate?.(this, payload, t)
          if (!this.applyRemote) return
          this.pending.push(payload)
          if (!this.flushScheduled) {
            this.flushScheduled = true
            setImmediate(this.flush)
          }
        }
      } else if (type === MESSAGE_AWARENESS) {
        this.awarenessIn++
        this.hooks.onAwareness?.(this, decoding.readVarUint8Array(d), t)
      } else if (type === MESSAGE_SAVED) {
        this.saved = decoding.readVarUint(d)
        this.hooks.onSaved?.(this, this.saved, t)
      } else if (type === MESSAGE_NOT_SAVED) {
        this.notSaved.push(decoding.readVarString(d))
      } else if (type === IN_APPLIED) {
        this.applied++
        this.hooks.onApplied?.(this, t)
      } else if (type === IN_DENIED) {
        rejectSynced(new Error('permission denied'))
      } else if (type === IN_AUTHENTICATED || type === IN_CLOSE) {
        // Hocuspocus' handshake and goodbye: nothing to do.
      } else {
        this.unknownIn++
      }
    })
  }

  private readonly flush = (): void => {
    this.flushScheduled = false
    if (this.pending.length === 0) return
    const updates = this.pending
    this.pending = []
    Y.transact(this.doc, () => {
      for (const u of updates) Y.applyUpdate(this.doc, u, REMOTE)
    }, REMOTE)
  }

  /** Sends a y-websocket message in this server's envelope. */
  private send(message: Uint8Array): void {
    this.ws.send(this.framing.wrap(message))
  }

  private sendWrite(frame: Uint8Array): void {
    this.writesSent++
    this.send(frame)
  }

  /** Sends a document update (counts as a write). */
  sendUpdate(update: Uint8Array): void {
    this.sendWrite(syncFrame(SYNC_UPDATE, update))
  }

  /** Applies a prepared update locally and sends its bytes unchanged (a write). */
  replay(update: Uint8Array): void {
    Y.applyUpdate(this.doc, update, REMOTE)
    this.sendUpdate(update)
  }

  sendAwareness(update: Uint8Array): void {
    this.send(awarenessFrame(update))
  }

  /** Runs `fn` as a local transaction; its update is sent at once and returned (null if nothing changed). */
  edit(fn: () => void): Uint8Array | null {
    this.lastLocal = null
    this.doc.transact(fn, LOCAL)
    return this.lastLocal
  }

  /** Sends step 1 with our state vector and resolves on the step 2 reply: everything sent before is processed. */
  roundTrip(): Promise<void> {
    if (!this.framing.serverSyncs) return Promise.reject(new Error('this server does not answer sync step 1'))
    return new Promise((resolve) => {
      this.roundTrips.push(resolve)
      this.send(syncFrame(SYNC_STEP1, Y.encodeStateVector(this.doc)))
    })
  }

  /** Time from construction to the first step 2 applied, ms. */
  get timeToSync(): number {
    return this.tSynced - this.tStart
  }

  /** Time from construction to the arrival of the first step 2, ms. */
  get timeToStep2(): number {
    return this.tStep2 - this.tStart
  }

  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return
    this.ws.close()
    const timer = setTimeout(() => this.ws.terminate(), 3000)
    await this.closed
    clearTimeout(timer)
    this.doc.destroy()
  }
}

/** Opens `n` clients, `batch` at a time, and waits until each is synced. */
export async function openClients(target: string | Endpoint, n: number, hooks: ClientHooks = {}, batch = 10, options: ClientOptions = {}): Promise<LightClient[]> {
  const clients: LightClient[] = []
  for (let i = 0; i < n; i += batch) {
    const group = Array.from({ length: Math.min(batch, n - i) }, () => new LightClient(target, hooks, options))
    clients.push(...group)
    await Promise.all(group.map((c) => c.synced))
  }
  return clients
}
