/**
 * `GET /collab/:reportId` upgraded to a websocket speaking y-websocket.
 *
 * Authentication and membership are decided before the report is loaded;
 * a refused socket is accepted only to be closed with the code of
 * schema/wire.ts (browsers cannot read an HTTP status of a failed upgrade).
 * Only a page of a foreign origin is refused before the upgrade (403, see
 * http/originPolicy.ts): it never gets an open socket at all.
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
import { getCookie } from 'hono/cookie'
import { bearerTokenOf, TOKEN_COOKIE, userForToken } from '../auth/authenticate'
import type { CollabTicketStore, RedeemResult } from '../auth/CollabTicketStore'
import type { TokenService } from '../auth/TokenService'
import type { MetaStore, UserRecord } from '../meta/MetaStore'
import { isArchived } from '../reports/archivedReport'
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
  /** Single-use tickets (POST /api/collab-ticket) accepted as `?ticket=`. */
  tickets: CollabTicketStore
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

const refused = (code: number, reason: string): Verdict => ({ ok: false, code, reason })

/**
 * Who opens the socket, from one credential, in this order:
 * - `Authorization: Bearer <token>` (clients that can set headers);
 * - `?ticket=` (POST /api/collab-ticket; single-use, 60 s, maybe bound to one report);
 * - the cookie — from a browser page only: with an `Origin` header (the origin itself was
 *   vetted by requireAllowedOrigin before). Without `Origin` the cookie is not accepted, so
 *   nothing that is not a page of an allowed origin gets in on a browser's ambient cookie.
 * A token in the URL (`?token=`, accepted before issue 13) is refused with a reason that says
 * what to use instead.
 */
async function authorize(c: Context, deps: CollabDeps, reportId: string): Promise<Verdict> {
  let user: UserRecord | null = null
  const bearer = bearerTokenOf(c)
  const ticket = c.req.query('ticket')
  if (bearer !== undefined) {
    user = await userForToken(bearer, deps.tokens, deps.meta)
  } else if (ticket !== undefined) {
    let redeemed: RedeemResult
    try {
      redeemed = await deps.tickets.redeem(ticket, reportId)
    } catch (err) {
      // The shared ticket store (Redis) did not answer: the ticket may or may not be used up.
      console.error('[collab] a ticket could not be checked:', (err as Error).message)
      return refused(CLOSE_LOAD_FAILED, 'ticket could not be checked: ask for a new one')
    }
    if (!redeemed.ok) return refused(CLOSE_UNAUTHORIZED, `ticket ${redeemed.reason.replace('_', ' ')}`)
    const holder = deps.meta.userById(redeemed.grant.userId)
    if (!holder || holder.tokenVersion !== redeemed.grant.tokenVersion) return refused(CLOSE_UNAUTHORIZED, 'ticket revoked')
    user = holder
  } else if (c.req.query('token') !== undefined) {
    return refused(CLOSE_UNAUTHORIZED, 'a token in the URL is not accepted: use a ticket or the Authorization header')
  } else if (c.req.header('origin') !== undefined) {
    user = await userForToken(getCookie(c, TOKEN_COOKIE), deps.tokens, deps.meta)
  }
  if (!user) return refused(CLOSE_UNAUTHORIZED, 'missing or invalid token')
  if (!isReportId(reportId) || !deps.meta.report(reportId)) return refused(CLOSE_NOT_FOUND, 'unknown report')
  if (isArchived(deps.meta.report(reportId)!)) return refused(CLOSE_NOT_FOUND, 'report archived')
  if (!effectiveRole(deps.meta, reportId, user)) return refused(CLOSE_FORBIDDEN, 'not a member of this report')
  return { ok: true, user, tokenVersion: user.tokenVersion }
}

export function collabRoute(deps: CollabDeps) {
  return deps.upgradeWebSocket(async (c) => {
    // Hono asks for the events before it looks at the Upgrade header: a plain GET must not be
    // authorized (it would use up a ticket for a socket that never opens).
    if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') return {}
    const reportId = c.req.param('reportId') ?? ''
    // Cluster mode: a report or membership made through another process a moment ago is known here too.
    await deps.meta.catchUp?.().catch((err: unknown) => console.error('[meta] catch-up before a socket failed:', (err as Error).message))
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
