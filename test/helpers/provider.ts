/**
 * An unmodified y-websocket WebsocketProvider in Node, as the contract promises
 * it works: `ws` as the WebSocket, no BroadcastChannel (clients in one test
 * process must only meet through the server). Handlers for the server's
 * MESSAGE_SAVED / MESSAGE_NOT_SAVED only record them (a plain client would
 * ignore them).
 */
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import type { ReportEvent } from '@schema/reportEvent'
import { MESSAGE_NOT_SAVED, MESSAGE_REPORT_EVENT, MESSAGE_SAVED } from '@schema/wire'
import type { Api } from './api'
import { pmJsonOf, pmText, type PmNode } from './doc'
import { waitUntil } from './wait'

export interface TestProvider {
  doc: Y.Doc
  provider: WebsocketProvider
  /** MESSAGE_SAVED counts received (per connection, so they restart after a reconnect). */
  saved: number[]
  notSaved: string[]
  closeCodes: number[]
  /** Report events (status, comments) the server pushed. */
  events: ReportEvent[]
  destroy(): void
}

/**
 * `ws` as a WebSocket class whose upgrades carry `Authorization: Bearer <token>` (a non-browser
 * client's credential; the server refuses a token in the URL), for y-websocket's WebSocketPolyfill.
 */
export function authenticatedWebSocket(token: string): typeof globalThis.WebSocket {
  class AuthenticatedWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers: { authorization: `Bearer ${token}` } })
    }
  }
  return AuthenticatedWebSocket as unknown as typeof globalThis.WebSocket
}

export function openProvider(wsUrl: string, reportId: string, token: string, doc = new Y.Doc()): TestProvider {
  const provider = new WebsocketProvider(wsUrl, reportId, doc, {
    WebSocketPolyfill: authenticatedWebSocket(token),
    disableBc: true,
    maxBackoffTime: 300,
  })
  const saved: number[] = []
  const notSaved: string[] = []
  const closeCodes: number[] = []
  const events: ReportEvent[] = []
  provider.messageHandlers[MESSAGE_SAVED] = (_encoder, decoder) => {
    saved.push(decoding.readVarUint(decoder))
  }
  provider.messageHandlers[MESSAGE_NOT_SAVED] = (_encoder, decoder) => {
    notSaved.push(decoding.readVarString(decoder))
  }
  provider.messageHandlers[MESSAGE_REPORT_EVENT] = (_encoder, decoder) => {
    events.push(JSON.parse(decoding.readVarString(decoder)) as ReportEvent)
  }
  provider.on('connection-close', (event) => {
    if (event) closeCodes.push(event.code)
  })
  return {
    doc,
    provider,
    saved,
    notSaved,
    closeCodes,
    events,
    destroy: () => {
      provider.destroy()
      doc.destroy()
    },
  }
}

export async function waitProviderSynced(p: TestProvider, timeoutMs = 10_000): Promise<void> {
  await waitUntil(() => p.provider.synced, 'provider synced', timeoutMs)
}

/** Waits until the server serves (GET /content) the text of `p.doc`: the provider's edits reached the server. */
export async function waitServerHasText(p: TestProvider, api: Api, reportId: string, timeoutMs = 10_000): Promise<void> {
  const expected = pmText(pmJsonOf(p.doc))
  let served = ''
  await waitUntil(
    async () => {
      const res = await api.call<PmNode>('GET', `/api/reports/${reportId}/content`)
      served = res.status === 200 ? pmText(res.body) : `HTTP ${res.status}`
      return served === expected
    },
    () => `the server serves the provider's text (serves ${JSON.stringify(served.slice(0, 200))})`,
    timeoutMs,
    50,
  )
}
