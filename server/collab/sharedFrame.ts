/**
 * A message the room sends to many sockets is framed once and the same bytes
 * are written to each socket.
 *
 * `ws` frames every send on its own: a header buffer and two stream writes per
 * socket, so a keystroke relayed to 50 readers is 100 writes and 50 headers.
 * A server's frames are never masked, so every reader's frame of one message
 * is the same bytes (RFC 6455 §5.2): built once here, it costs one buffered
 * write per socket. Room.broadcast hands the same Uint8Array to every
 * connection in a row, so a one-entry cache on its identity finds it.
 */
import type { WebSocket } from 'ws'

const FIN_BINARY = 0x82

/** An unmasked, unfragmented binary frame holding `data` (RFC 6455 §5.2). */
export function binaryFrame(data: Uint8Array): Buffer {
  const n = data.length
  const head = n < 126 ? 2 : n < 65536 ? 4 : 10
  const frame = Buffer.allocUnsafe(head + n)
  frame[0] = FIN_BINARY
  if (n < 126) frame[1] = n
  else if (n < 65536) {
    frame[1] = 126
    frame.writeUInt16BE(n, 2)
  } else {
    frame[1] = 127
    frame.writeUInt32BE(Math.floor(n / 2 ** 32), 2)
    frame.writeUInt32BE(n >>> 0, 6)
  }
  frame.set(data, head)
  return frame
}

let lastData: Uint8Array | null = null
let lastFrame: Buffer | null = null

/** The frame of `data`, built once for consecutive sends of the same message (messages are never changed once built). */
export function frameOnce(data: Uint8Array): Buffer {
  if (data !== lastData) {
    lastFrame = binaryFrame(data)
    lastData = data
  }
  return lastFrame!
}

/** What of `ws`'s sender decides whether its next frame may be written past it (not public API; stable across ws 8). */
interface SenderState {
  _state: number
  _queue: unknown[]
}

/**
 * A sender for one socket: writes the shared frame straight to the TCP
 * socket while `ws` would have written the same bytes at once itself (the
 * connection open, no compression negotiated, nothing queued in its sender);
 * otherwise it leaves the message to `ws.send`, which queues or refuses it.
 * Bytes written either way count in `ws.bufferedAmount`.
 */
export function sharedFrameSender(ws: WebSocket): (data: Uint8Array) => void {
  const internals = ws as unknown as { _socket?: import('node:net').Socket; _sender?: SenderState }
  const socket = internals._socket
  const sender = internals._sender
  const direct = socket !== undefined && sender !== undefined && typeof sender._state === 'number' && Array.isArray(sender._queue) && ws.extensions === ''
  return (data) => {
    if (direct && ws.readyState === ws.OPEN && sender._state === 0 && sender._queue.length === 0) socket.write(frameOnce(data))
    else ws.send(data, { binary: true })
  }
}
