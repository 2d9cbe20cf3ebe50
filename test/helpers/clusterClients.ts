/**
 * Clients of the cluster tests: an unmodified y-websocket WebsocketProvider
 * that types unique markers into a paragraph of its own and knows which of
 * them the server acknowledged. Its WebSocket class (y-websocket's
 * WebSocketPolyfill, one instance per connection) counts the
 * document-write messages it sends (sync step 2 and update) and reads
 * MESSAGE_SAVED on the same socket: a count n covers every marker typed
 * before write n was sent (a step 2 after a reconnect carries everything the
 * server lacked). The acknowledged markers are always a prefix of the typed
 * ones.
 */
import type { IncomingMessage } from 'node:http'
import * as decoding from 'lib0/decoding'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import type { ReportEvent } from '@schema/reportEvent'
import { MESSAGE_NOT_SAVED, MESSAGE_REPORT_EVENT, MESSAGE_SAVED, MESSAGE_SYNC, SYNC_STEP2, SYNC_UPDATE } from '@schema/wire'
import type { Api } from './api'
import { bodyOf, newParagraph, pmJsonOf, pmText, sectionsOf, type PmNode } from './doc'
import { waitUntil } from './wait'

const bytesOf = (data: WebSocket.RawData | ArrayBufferLike | ArrayBufferView): Uint8Array => {
  if (Array.isArray(data)) return Buffer.concat(data)
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
  return new Uint8Array(data)
}

/** The WebSocket class of a MarkerClient's provider: counts writes and reads MESSAGE_SAVED per connection. */
function trackingWebSocket(client: MarkerClient, token: string): new (url: string | URL, protocols?: string | string[]) => WebSocket {
  return class TrackingWebSocket extends WebSocket {
    private writes = 0
    /** typed.length when write i was sent. */
    private readonly typedAt: number[] = [0]
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers: { authorization: `Bearer ${token}` } })
      this.on('upgrade', (res: IncomingMessage) => client.localPorts.push(res.socket.localPort ?? -1))
      this.on('message', (data: WebSocket.RawData) => {
        const d = decoding.createDecoder(bytesOf(data))
        const type = decoding.readVarUint(d)
        if (type === MESSAGE_SAVED) {
          const n = decoding.readVarUint(d)
          client.ackedCount = Math.max(client.ackedCount, this.typedAt[Math.min(n, this.writes)] ?? 0)
        } else if (type === MESSAGE_NOT_SAVED) {
          client.notSaved.push(decoding.readVarString(d))
        }
      })
    }
    override send(data: Parameters<WebSocket['send']>[0], ...rest: unknown[]): void {
      const d = decoding.createDecoder(bytesOf(data as ArrayBufferView))
      if (decoding.readVarUint(d) === MESSAGE_SYNC) {
        const sub = decoding.readVarUint(d)
        if (sub === SYNC_STEP2 || sub === SYNC_UPDATE) this.typedAt[++this.writes] = client.typed.length
      }
      ;(super.send as (...a: unknown[]) => void)(data, ...rest)
    }
  }
}

export class MarkerClient {
  readonly doc = new Y.Doc()
  readonly provider: WebsocketProvider
  /** Markers typed, in order. */
  readonly typed: string[] = []
  /** How many of `typed` (a prefix) a MESSAGE_SAVED covered. */
  ackedCount = 0
  readonly notSaved: string[] = []
  /** Report events (status, comments) the server pushed. */
  readonly events: ReportEvent[] = []
  /** Local port of each connection, in order (the proxy's `backendOf` tells the process). */
  readonly localPorts: number[] = []
  private text: Y.XmlText | null = null

  constructor(
    wsUrl: string,
    readonly reportId: string,
    token: string,
    /** Marker prefix, unique per client: markers are `<name.n>`. */
    readonly name: string,
  ) {
    this.provider = new WebsocketProvider(wsUrl, reportId, this.doc, {
      WebSocketPolyfill: trackingWebSocket(this, token) as unknown as typeof globalThis.WebSocket,
      disableBc: true,
      maxBackoffTime: 300,
    })
    // Read here only so y-websocket does not log them as unknown: the socket class above counts them per connection.
    this.provider.messageHandlers[MESSAGE_SAVED] = (_encoder, decoder) => void decoding.readVarUint(decoder)
    this.provider.messageHandlers[MESSAGE_NOT_SAVED] = (_encoder, decoder) => void decoding.readVarString(decoder)
    this.provider.messageHandlers[MESSAGE_REPORT_EVENT] = (_encoder, decoder) => {
      this.events.push(JSON.parse(decoding.readVarString(decoder)) as ReportEvent)
    }
  }

  get acked(): string[] {
    return this.typed.slice(0, this.ackedCount)
  }

  async waitSynced(timeoutMs = 10_000): Promise<void> {
    await waitUntil(() => this.provider.synced, `${this.name} synced`, timeoutMs)
  }

  /** Adds this client's paragraph `[name]` to the first section (once, after sync). */
  addParagraph(): void {
    const p = newParagraph(`[${this.name}]`)
    this.doc.transact(() => sectionsOf(this.doc)[0]!.push([p]))
    this.text = p.get(0) as Y.XmlText
  }

  /** Types the next marker at the end of the client's paragraph (one transaction, one update); returns it. */
  type(): string {
    if (!this.text) this.addParagraph()
    const marker = `<${this.name}.${this.typed.length}>`
    this.typed.push(marker)
    const text = this.text!
    this.doc.transact(() => text.insert(text.length, marker))
    return marker
  }

  /** Plain text of the client's body. */
  bodyText(): string {
    return pmText(pmJsonOf(this.doc))
  }

  destroy(): void {
    this.provider.destroy()
    this.doc.destroy()
  }
}

/** Serialized bodies of the clients, for equality. */
export const bodiesOf = (clients: { doc: Y.Doc }[]): string[] => clients.map((c) => bodyOf(c.doc).toString())

/** Markers of `expected` missing from `text`. */
export const missingFrom = (text: string, expected: Iterable<string>): string[] => [...expected].filter((m) => !text.includes(m))

/** Text of a report as `api`'s server serves it (GET /content), or `HTTP <status>`. */
export async function servedText(api: Api, reportId: string): Promise<string> {
  const res = await api.call<PmNode>('GET', `/api/reports/${reportId}/content`)
  return res.status === 200 ? pmText(res.body) : `HTTP ${res.status}`
}
