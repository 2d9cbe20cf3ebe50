/**
 * How each server under test wraps the y-websocket messages on the wire, so
 * one lightweight client (lib/client.ts) drives them all:
 *
 *   - `y-websocket` (ours, the reference): `varUint(type) · payload`.
 *   - `hocuspocus`: every message is prefixed with `varString(documentName)`
 *     (one socket may multiplex documents), as @hocuspocus/provider 3.x sends
 *     it: first an auth message (`2 · 0 · varString(token)`), then sync step 1.
 *     The server answers with `2 · 2 · scope` (authenticated), and acknowledges
 *     each applied update with SyncStatus (`8 · 1`): applied in memory, not
 *     stored — Hocuspocus has no durable acknowledgement.
 *   - `relay` (bench/nullRelay.cjs): the y-websocket bytes unchanged, but the
 *     relay answers nothing, so a client neither sends sync step 1 nor waits
 *     for step 2: it counts as synced once the socket is open.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { MESSAGE_AWARENESS, MESSAGE_SYNC } from '../../schema/wire'

/** Hocuspocus MessageType (packages/server/src/types.ts, 3.x). */
const HP_SYNC = 0
const HP_AWARENESS = 1
const HP_AUTH = 2
const HP_SYNC_REPLY = 4
const HP_CLOSE = 7
const HP_SYNC_STATUS = 8
/** @hocuspocus/common AuthMessageType. */
const HP_AUTH_TOKEN = 0
const HP_AUTH_PERMISSION_DENIED = 1

/** Incoming message kinds beyond y-websocket's, as LightClient sees them (negative: never on the wire). */
export const IN_APPLIED = -8
export const IN_AUTHENTICATED = -2
export const IN_DENIED = -3
export const IN_CLOSE = -7

export interface Framing {
  readonly kind: 'y-websocket' | 'hocuspocus' | 'relay'
  /** Whether the server takes part in the sync protocol (answers step 1 with step 2). */
  readonly serverSyncs: boolean
  /** Frames to send once the socket opens, before sync step 1. */
  hello(): Uint8Array[]
  /** Adds this transport's envelope to a y-websocket message. */
  wrap(message: Uint8Array): Uint8Array
  /**
   * Strips the envelope of an incoming frame: the y-websocket message type
   * (or one of the IN_* kinds) and a decoder positioned after it.
   */
  unwrap(data: Uint8Array): { type: number; d: decoding.Decoder }
}

export const yWebsocketFraming: Framing = {
  kind: 'y-websocket',
  serverSyncs: true,
  hello: () => [],
  wrap: (m) => m,
  unwrap(data) {
    const d = decoding.createDecoder(data)
    return { type: decoding.readVarUint(d), d }
  },
}

export const relayFraming: Framing = { ...yWebsocketFraming, kind: 'relay', serverSyncs: false }

/** Hocuspocus framing for one document (the name is on every message). */
export function hocuspocusFraming(documentName: string, token = ''): Framing {
  const prefixEncoder = encoding.createEncoder()
  encoding.writeVarString(prefixEncoder, documentName)
  const prefix = encoding.toUint8Array(prefixEncoder)
  return {
    kind: 'hocuspocus',
    serverSyncs: true,
    hello() {
      const e = encoding.createEncoder()
      encoding.writeUint8Array(e, prefix)
      encoding.writeVarUint(e, HP_AUTH)
      encoding.writeVarUint(e, HP_AUTH_TOKEN)
      encoding.writeVarString(e, token)
      return [encoding.toUint8Array(e)]
    },
    wrap(message) {
      // Hocuspocus' Sync and Awareness types are y-websocket's (0 and 1), so
      // the envelope is only the name in front.
      const out = new Uint8Array(prefix.length + message.length)
      out.set(prefix, 0)
      out.set(message, prefix.length)
      return out
    },
    unwrap(data) {
      const d = decoding.createDecoder(data)
      decoding.readVarString(d) // one document per client here
      const type = decoding.readVarUint(d)
      switch (type) {
        case HP_SYNC:
        case HP_SYNC_REPLY: // a step 1 that asks for no step 1 back: the same payload
          return { type: MESSAGE_SYNC, d }
        case HP_AWARENESS:
          return { type: MESSAGE_AWARENESS, d }
        case HP_SYNC_STATUS:
          return { type: IN_APPLIED, d }
        case HP_AUTH:
          return { type: decoding.readVarUint(d) === HP_AUTH_PERMISSION_DENIED ? IN_DENIED : IN_AUTHENTICATED, d }
        case HP_CLOSE:
          return { type: IN_CLOSE, d }
        default:
          return { type: 1000 + type, d } // stateless etc.: counted as unknown
      }
    },
  }
}

