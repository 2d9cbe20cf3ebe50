/** What a room needs of a websocket. */
export interface RoomSocket {
  send(data: Uint8Array): void
  close(code: number, reason: string): void
  /**
   * Sends now: this frame, and any sent before it in this tick, go to the
   * kernel at once instead of at the end of the tick (optional; else `send`).
   */
  sendNow?(data: Uint8Array): void
}

/** The server's record of who is behind a connection; awareness shows this, not what the client claims. */
export interface ConnectionUser {
  id: string
  name: string
  color: string
}

let nextConnectionId = 1

/** One authenticated socket in one room. Its role is read live by the roleGate hook, never cached here. */
export class Connection {
  readonly id = nextConnectionId++
  /** Awareness client ids this connection has claimed; no other connection may set or remove them. */
  readonly awarenessIds = new Set<number>()
  /** Document-write messages (sync step 2 and update) received so far. */
  writesReceived = 0
  /** `[writeIndex, seq]`: write `writeIndex` is saved once the room's durable sequence reaches `seq`. */
  readonly pendingAcks: [number, number][] = []
  /** Set once a write was dropped: later acks would wrongly cover it, so none are sent on this socket. */
  acksBlocked = false
  /** Reasons already told to this client with MESSAGE_NOT_SAVED, so each is sent once per change of state. */
  lastNotSaved: string | null = null
  closed = false

  constructor(
    readonly socket: RoomSocket,
    readonly user: ConnectionUser,
  ) {}

  send(data: Uint8Array): void {
    if (!this.closed) this.socket.send(data)
  }

  /** See RoomSocket.sendNow. */
  sendNow(data: Uint8Array): void {
    if (this.closed) return
    if (this.socket.sendNow) this.socket.sendNow(data)
    else this.socket.send(data)
  }

  close(code: number, reason: string): void {
    if (this.closed) return
    this.closed = true
    this.socket.close(code, reason)
  }
}
