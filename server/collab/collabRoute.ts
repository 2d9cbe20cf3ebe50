/**
 * `GET /collab/:reportId` upgraded to a websocket speaking y-websocket.
 *
 * Authentication and membership are decided before the report is loaded;
 * a refused socket is accepted only to be closed with the code of
 * schema/wire.ts (browsers cannot read an HTTP status of a failed upgrade).
 * Frames that arrive while the room loads are kept and handled in order.
 * `onMessage` is deliberately absent (see onOpen).
 */
import type { UpgradeWebSocket } from 'hono/ws'
import type { WebSocket } from 'ws'
import type { Context } from 'hono'
import { isReportId } from '@schema/reportId'
import {
  CLOSE_BAD_MESSAGE,
  CLOSE_FORBIDDEN,
  CLOSE_LOAD_FAILED,
  CLOSE_NOT_FOUND,
  CLOSE_RATE_LIMITED,
  CLOSE_TOO_MANY_CONNECTIONS,
  CLOSE_UNAUTHORIZED,
} from '@schema/wire'
import { tokenOf, userForToken } from '../auth/authenticate'
import type { TokenService } from '../auth/TokenService'
import type { MetaStore, UserRecord } from '../meta/MetaStore'
import { effectiveRole } from '../reports/effectiveRole'
import { Connection } from './Connection'
import type { ConnectionLimits } from './ConnectionLimits'
import { socketVerdict, type OpenSocket, type OpenSockets } from './OpenSockets'
import { RateLimiter } from './RateLimiter'
import { sharedFrameSender } from './sharedFrame'
import { BadMessageError, type Room } from './Room'
import type { RoomManager } from './RoomManager'

export interface CollabDeps {
  upgradeWebSocket: UpgradeWebSocket<WebSocket>
  rooms: RoomManager
  meta: MetaStore
  tokens: TokenService
  limits: ConnectionLimits
  /** Where open sockets are registered, so a change of access (member removed, user deactivated) closes them at once. */
  sockets: OpenSockets
  /** Average messages per second per socket (bursts of twice as many). */
  maxMessagesPerSecond: number
  /** Bytes queued for a socket that does not read before it is cut off. */
  maxSendBufferBytes: number
}

/**
 * Sockets corked during this tick, uncorked together by one callback at its
 * end: a change relayed to 50 readers schedules one callback, not 50.
 * Uncorking may close a socket, whose leaving sends to others: those are
 * appended and handled by the same loop.
 */
const toUncork: (() => void)[] = []
function uncorkAtEndOfTick(uncork: () => void): void {
  if (toUncork.push(uncork) === 1) process.nextTick(uncorkAll)
}
function uncorkAll(): void {
  // Emptied even if an uncork throws: a list left full would never schedule
  // this callback again, and every socket of the process would stay corked.
  try {
    for (let i = 0; i < toUncork.length; i++) toUncork[i]!()
  } finally {
    toUncork.length = 0
  }
}

type Verdict = { ok: false; code: number; reason: string } | { ok: true; user: UserRecord; tokenVersion: number }

async function authorize(c: Context, deps: CollabDeps, reportId: string): Promise<Verdict> {
  const user = await userForToken(tokenOf(c, true), deps.tokens, deps.meta)
  if (!user) return { ok: false, code: CLOSE_UNAUTHORIZED, reason: 'missing or invalid token' }
  if (!isReportId(reportId) || !deps.meta.report(reportId)) return { ok: false, code: CLOSE_NOT_FOUND, reason: 'unknown report' }
  if (!effectiveRole(deps.meta, reportId, user)) return { ok: false, code: CLOSE_FORBIDDEN, reason: 'not a member of this report' }
  return { ok: true, user, tokenVersion: user.tokenVersion }
}

export function collabRoute(deps: CollabDeps) {
  return deps.upgradeWebSocket(async (c) => {
    const reportId = c.req.param('reportId') ?? ''
    const verdict = await authorize(c, deps, reportId)
    let conn: Connection | null = null
    let room: Room | null = null
    let admittedUser: string | null = null
    let registered: OpenSocket | null = null
    const early: Uint8Array[] = []

    const handle = (frame: Uint8Array) => {
      if (!conn || conn.closed || !room) return
      try {
        room.receive(conn, frame)
      } catch (err) {
        if (!(err instanceof BadMessageError)) console.error('[collab] unexpected error:', err)
        // The reason says what was wrong (a close reason holds at most 123 bytes of UTF-8).
        const reason = err instanceof BadMessageError ? Buffer.from(err.message).subarray(0, 100).toString() : 'bad message'
        conn.close(CLOSE_BAD_MESSAGE, reason)
      }
    }

    return {
      onOpen(_event, ws) {
        const raw = ws.raw as WebSocket
        if (!verdict.ok) {
          raw.close(verdict.code, verdict.reason)
          return
        }
        const { user } = verdict
        const admitted = deps.limits.admit(user.id, reportId)
        if (admitted !== 'ok') {
          raw.close(CLOSE_TOO_MANY_CONNECTIONS, `too many connections for this ${admitted}`)
          return
        }
        // The TCP socket under `ws` (not public API, but stable across ws 8): corked per tick here; sharedFrame.ts writes to it.
        const socket = (raw as unknown as { _socket?: import('node:net').Socket })._socket
        let corked = false
        const write = sharedFrameSender(raw)
        // A client that stopped reading makes `ws` queue in memory: cut it off
        // (terminate: a close frame would only queue behind the rest). Checked
        // once the tick's frames were handed to the kernel, so a corked burst
        // does not count as a client that does not read.
        const checkBacklog = () => {
          if (raw.bufferedAmount <= deps.maxSendBufferBytes || current.closed) return
          current.closed = true
          console.warn(`[collab] report ${reportId}: user ${user.id} does not read (${raw.bufferedAmount} bytes queued); cut off`)
          raw.terminate()
        }
        const uncork = () => {
          if (!corked) return
          corked = false
          socket?.uncork()
          checkBacklog()
        }
        const current = new Connection(
          {
            send: (data) => {
              // Frames sent to one socket in the same tick (an update, a cursor, an
              // ack) leave in one writev instead of one syscall each: the socket is
              // corked on the first and uncorked after the tick. `ws` corks around
              // its own two-part writes; nested corks only flush at the outermost.
              if (!corked && socket) {
                corked = true
                socket.cork()
                uncorkAtEndOfTick(uncork)
              }
              write(data)
              if (!socket) checkBacklog()
            },
            sendNow: (data) => {
              // Behind frames corked earlier in this tick if there are any;
              // otherwise straight to the kernel, with none of the buffering
              // a cork costs (Node keeps an entry per corked write).
              write(data)
              if (corked) uncork()
              else checkBacklog()
            },
            close: (code, reason) => {
              if (corked) uncork() // the close frame must not wait behind a cork
              raw.close(code, reason)
            },
          },
          { id: user.id, name: user.displayName, color: user.color },
        )
        conn = current
        admittedUser = user.id
        const rate = new RateLimiter(deps.maxMessagesPerSecond, 2 * deps.maxMessagesPerSecond)
        // The token was checked at the upgrade only. A REST call that changes
        // access (member removed, user deactivated) closes the socket at once
        // through the registry; anything else that revokes the token (logout,
        // password change) is noticed on the socket's next frame, looked up
        // at most once a second (y-websocket renews awareness every 15 s).
        const self: OpenSocket = {
          userId: user.id,
          reportId,
          tokenVersion: verdict.tokenVersion,
          close: (code, reason) => current.close(code, reason),
        }
        registered = self
        deps.sockets.add(self)
        // Access may have changed while the upgrade was being authorized.
        const changed = socketVerdict(deps.meta, self)
        if (changed) {
          current.close(changed.code, changed.reason)
          return
        }
        let revocationCheckedAt = performance.now()
        // Frames are read from the ws socket itself: Hono's onMessage would
        // wrap each in a MessageEvent and copy its buffer, on the hottest path.
        raw.on('message', (data: Buffer, isBinary: boolean) => {
          if (current.closed) return
          const now = performance.now()
          if (now - revocationCheckedAt >= 1000) {
            revocationCheckedAt = now
            const revoked = socketVerdict(deps.meta, self)
            if (revoked) {
              current.close(revoked.code, revoked.reason)
              return
            }
          }
          if (!rate.take(now)) {
            current.close(CLOSE_RATE_LIMITED, 'too many messages per second')
            return
          }
          if (!isBinary) {
            current.close(CLOSE_BAD_MESSAGE, 'text frames are not accepted')
            return
          }
          if (room) handle(data)
          else early.push(data)
        })
        deps.rooms.acquire(reportId).then(
          (loaded) => {
            if (current.closed) {
              deps.rooms.release(reportId)
              return
            }
            room = loaded
            loaded.join(current)
            for (const frame of early.splice(0)) handle(frame)
          },
          (err: unknown) => {
            console.error(`[collab] report ${reportId} could not be loaded:`, err)
            current.close(CLOSE_LOAD_FAILED, 'report could not be loaded')
          },
        )
      },
      onClose() {
        if (registered) deps.sockets.remove(registered)
        registered = null
        if (!conn) return
        if (admittedUser) deps.limits.release(admittedUser, reportId)
        admittedUser = null
        conn.closed = true
        if (room) {
          room.leave(conn)
          deps.rooms.release(reportId)
        }
      },
    }
  })
}
