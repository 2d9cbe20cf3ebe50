/**
 * One editor's connection to a report: a Y.Doc, the unmodified y-websocket
 * provider (cookie-authenticated), the SaveTracker fed by a WebSocket
 * subclass that counts the document writes it sends, and the browser's local
 * copy of the user's unsent edits (LocalCopy). The socket connects once the
 * local copy is loaded, so its first sync step 2 carries those edits.
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
import { openLocalCopy } from './LocalCopy'
import { SaveTracker } from './SaveTracker'

export interface CollabSession {
  doc: Y.Doc
  provider: WebsocketProvider
  tracker: SaveTracker
  /** Resolves once the local copy is loaded into `doc` (or could not be opened). */
  localLoaded: Promise<void>
  /**
   * Called when the server refused edits of this editor for good (a
   * published report, no write rights): they were not stored and the local
   * copy holding them is being deleted.
   */
  onRefused(listener: (reason: 'locked' | 'read_only') => void): void
  /** Deletes the local copy of this report (the server's state is the truth); resolves when gone. */
  discardLocal(): Promise<void>
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

export function openCollabSession(reportId: string, userId: string): CollabSession {
  const doc = new Y.Doc()
  const tracker = new SaveTracker()
  const local = openLocalCopy(doc, userId, reportId, tracker)

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
    connect: false,
  })
  const localLoaded = local ? local.loaded : Promise.resolve()
  let destroyed = false
  void localLoaded.then(() => {
    if (!destroyed) provider.connect()
  })
  const refused = new Set<(reason: 'locked' | 'read_only') => void>()
  provider.messageHandlers[MESSAGE_SAVED] = (_encoder, decoder) => tracker.saved(decoding.readVarUint(decoder))
  provider.messageHandlers[MESSAGE_NOT_SAVED] = (_encoder, decoder) => {
    const reason = decoding.readVarString(decoder) as NotSavedReason
    tracker.notSaved(reason)
    if (reason === 'locked' || reason === 'read_only') for (const listener of refused) listener(reason)
  }

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
    if (origin === provider || (local && origin === local.origin)) return
    const change = tracker.localChange()
    local?.store(change)
  })

  // The browser knows first when the network is gone: a socket on a dead network stays "open" until
  // y-websocket's message timeout (30 s), and the badge would say 保存中… all that time. Closed at
  // once, it says 已存在本机 (or 离线); back online, the provider reconnects without waiting out its backoff.
  const onOffline = () => provider.ws?.close()
  const onOnline = () => {
    if (!destroyed && provider.shouldConnect) provider.connect()
  }
  window.addEventListener('offline', onOffline)
  window.addEventListener('online', onOnline)

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
    localLoaded,
    onRefused: (listener) => refused.add(listener),
    discardLocal: () => (local ? local.discard() : Promise.resolve()),
    onFatal: (listener) => fatal.add(listener),
    onEvent: (listener) => {
      eventListeners.add(listener)
      for (const event of latestEvents.values()) listener(event)
      return () => eventListeners.delete(listener)
    },
    destroy: () => {
      destroyed = true
      window.removeEventListener('offline', onOffline)
      window.removeEventListener('online', onOnline)
      local?.destroy()
      provider.destroy()
      doc.destroy()
    },
  }
}
