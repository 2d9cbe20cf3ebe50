/**
 * Short-lived, single-use tickets for opening the collaboration socket
 * (`POST /api/collab-ticket`, then `/collab/<report>?ticket=…`).
 *
 * A websocket URL ends up in proxy and server logs; the long-lived token must
 * not be in it. A ticket in the URL is harmless once used or after its
 * lifetime (60 s): it is removed at its first use, whatever the outcome, and
 * it is bound to the user and the token version it was issued under (a
 * logout or password change voids it), and optionally to one report. A user
 * holds at most `maxPerUser` unused ones (more: TooManyTicketsError, 429).
 *
 * Two implementations: CollabTickets (in memory, one process) and
 * RedisCollabTickets (cluster mode: issued by one process, redeemed on any).
 * The rules both follow are here: defaults, the ticket's shape, the cap's
 * refusal and the answer to a ticket found.
 */
import { randomBytes } from 'node:crypto'

export interface TicketGrant {
  userId: string
  /** The user's token version when the ticket was issued: the socket is revoked with it. */
  tokenVersion: number
  /** The only report the ticket opens, or null for any the user may read. */
  reportId: string | null
}

export type RedeemResult = { ok: true; grant: TicketGrant } | { ok: false; reason: 'unknown' | 'expired' | 'wrong_report' }

export interface CollabTicketOptions {
  /** Lifetime in ms (default 60 s). */
  ttlMs?: number
  /** Tickets one user may hold unused at once (default 100); more answer 429. */
  maxPerUser?: number
  /** The clock (ms), injectable for tests. */
  now?: () => number
}

export const DEFAULT_TICKET_TTL_MS = 60_000
export const DEFAULT_TICKETS_PER_USER = 100

/** The options with their defaults filled in. */
export function withTicketDefaults(options: CollabTicketOptions): Required<CollabTicketOptions> {
  return {
    ttlMs: options.ttlMs ?? DEFAULT_TICKET_TTL_MS,
    maxPerUser: options.maxPerUser ?? DEFAULT_TICKETS_PER_USER,
    now: options.now ?? Date.now,
  }
}

export class TooManyTicketsError extends Error {
  override name = 'TooManyTicketsError'
}

/** The refusal past the per-user cap. */
export const tooManyTickets = (maxPerUser: number): TooManyTicketsError => new TooManyTicketsError(`at most ${maxPerUser} unused tickets per user`)

/** A new ticket: 256 random bits in base64url (43 characters). */
export const newTicket = (): string => randomBytes(32).toString('base64url')

/** What a store keeps for an unused ticket: its grant and when it expires (ms since the epoch). */
export interface IssuedTicket extends TicketGrant {
  expiresAt: number
}

/** The answer to redeeming `entry` (found, and already used up) for `reportId` at `now`. */
export function redeemIssued(entry: IssuedTicket, reportId: string, now: number): RedeemResult {
  if (now >= entry.expiresAt) return { ok: false, reason: 'expired' }
  if (entry.reportId !== null && entry.reportId !== reportId) return { ok: false, reason: 'wrong_report' }
  return { ok: true, grant: { userId: entry.userId, tokenVersion: entry.tokenVersion, reportId: entry.reportId } }
}

export interface CollabTicketStore {
  /** Lifetime of a ticket in ms. */
  readonly ttlMs: number
  /** A new ticket (256 random bits, base64url) and when it expires (ms since the epoch); TooManyTicketsError past the per-user cap. */
  issue(grant: TicketGrant): Promise<{ ticket: string; expiresAt: number }>
  /** Uses up `ticket` (every attempt does, also a refused one) for `reportId`. */
  redeem(ticket: string, reportId: string): Promise<RedeemResult>
}
