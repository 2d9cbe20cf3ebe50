/**
 * One editor's connection to a report: a Y.Doc, the unmodified y-websocket
 * provider (cookie-authenticated), and the SaveTracker fed by a WebSocket
 * subclass that counts the document writes it sends.
 */
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import { WebsocketProvider } from 'y-websocket'
import type { ReportEvent } from '@schema/reportEvent'
import {
  CLOSE_BAD_MESSAGE,
  CLOSE_FORBIDDEN,
  CLOSE_NOT_FOUND,
  CLOSE_UNAUTHORIZED,
  MESSAGE_NOT_SAVED,
  MESSAGE_REPORT_EVENT,
  MESSAGE_SAVED,
  MESSAGE_SYNC,
  SYNC_STEP2,
  SYNC_UPDATE,
  type NotSavedReason,
} from '@schema/wire'
import { SaveTracker } from './SaveTracker'

export interface CollabSession {
  doc: Y.Doc
  provider: WebsocketProvider
  tracker: SaveTracker
  /** Called with the close code when the server refused us for good (44xx). */
  onFatal(listener: (code: number) => void): void
  /**
   * Server events of the report (MESSAGE_REPORT_EVENT: status, comments…),
   * for every listener; returns the function that removes this one. A new
   * listener first gets the latest event of each type already received, so
   * what the server pushes once on join is not lost to a late subscriber.
   */
  onEvent(listener: (event: ReportEvent) => void): () => void
  destroy(): void
}

const FATAL_CLOSE_CODES = new Set([CLOSE_BAD_MESSAGE, CLOSE_UNAUTHORIZED, CLOSE_FORBIDDEN, CLOSE_NOT_FOUND])

export function openCollabSession(reportId: string): CollabSession {
  const doc = new Y.Doc()
  const tracker = new SaveTracker()

  class TrackedWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols)
      // Registered before the provider's onopen/onclose, so counts reset before it sends.
      this.addEventListener('open', () => tracker.socketOpened())
      this.addEventListener('close', () => tracker.socketClosed())
    }

    override send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
      if (data instanceof Uint8Array && data[0] === MESSAGE_SYNC) {
        if (data[1] === SYNC_STEP2) tracker.step2Sent()
        else if (data[1] === SYNC_UPDATE) tracker.updateSent()
      }
      super.send(data)
    }
  }

  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/collab`
  const provider = new WebsocketProvider(url, reportId, doc, {
    WebSocketPolyfill: TrackedWebSocket,
    // Other tabs must sync through the server, which checks roles; no BroadcastChannel shortcut.
    disableBc: true,
  })
  provider.messageHandlers[MESSAGE_SAVED] = (_encoder, decoder) => tracker.saved(decoding.readVarUint(decoder))
  provider.messageHandlers[MESSAGE_NOT_SAVED] = (_encoder, decoder) =>
    tracker.notSaved(decoding.readVarString(decoder) as NotSavedReason)

  const eventListeners = new Set<(event: ReportEvent) => void>()
  const latestEvents = new Map<ReportEvent['type'], ReportEvent>()
  provider.messageHandlers[MESSAGE_REPORT_EVENT] = (_encoder, decoder) => {
    let event: ReportEvent
    try {
      event = JSON.parse(decoding.readVarString(decoder)) as ReportEvent
    } catch {
      return // a malformed event must not break the document sync of this socket
    }
    latestEvents.set(event.type, event)
    for (const listener of [...eventListeners]) listener(event)
  }

  doc.on('update', (_update: Uint8Array, origin: unknown) => {
    if (origin !== provider && !provider.wsconnected) tracker.localChangeOffline()
  })

  const fatal = new Set<(code: number) => void>()
  provider.on('connection-close', (event) => {
    const code = event?.code ?? 0
    // Refusals that retrying cannot fix; 4429/4430 (limits) and 4508 (slow) just reconnect later.
    if (FATAL_CLOSE_CODES.has(code)) for (const listener of fatal) listener(code)
  })

  return {
    doc,
    provider,
    tracker,
    onFatal: (listener) => fatal.add(listener),
    onEvent: (listener) => {
      eventListeners.add(listener)
      for (const event of latestEvents.values()) listener(event)
      return () => eventListeners.delete(listener)
    },
    destroy: () => {
      provider.destroy()
      doc.destroy()
    },
  }
}
