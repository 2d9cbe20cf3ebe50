/**
 * One editor's connection to a report: a Y.Doc, the unmodified y-websocket
 * provider (cookie-authenticated), and the SaveTracker fed by a WebSocket
 * subclass that counts the document writes it sends.
 */
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import { WebsocketProvider } from 'y-websocket'
import {
  MESSAGE_NOT_SAVED,
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
  destroy(): void
}

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

  doc.on('update', (_update: Uint8Array, origin: unknown) => {
    if (origin !== provider && !provider.wsconnected) tracker.localChangeOffline()
  })

  const fatal = new Set<(code: number) => void>()
  provider.on('connection-close', (event) => {
    const code = event?.code ?? 0
    if (code >= 4400 && code < 4500) for (const listener of fatal) listener(code)
  })

  return {
    doc,
    provider,
    tracker,
    onFatal: (listener) => fatal.add(listener),
    destroy: () => {
      provider.destroy()
      doc.destroy()
    },
  }
}
