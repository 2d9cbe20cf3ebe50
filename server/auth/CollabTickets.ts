/**
 * Short-lived, single-use tickets for opening the collaboration socket
 * (`POST /api/collab-ticket`, then `/collab/<report>?ticket=…`).
 *
 * A websocket URL ends up in proxy and server logs; the long-lived token must
 * not be in it. A ticket in the URL is harmless once used or after its
 * lifetime (60 s): it is removed at its first use, whatever the outcome, and
 * it is bound to the user and the token version it was issued under (a
 * logout or password change voids it), and optionally to one report.
 *
 * Kept in memory: tickets do not survive a restart (a client just asks for a
 * new one), and they are valid only on the process that issued them — fine
 * for one process; a scale-out would move them to the shared store.
 */
import { randomBytes } from 'node:crypto'

export interface TicketGrant {
  userId: string
  /** The user's token version when the ticket was issued: the socket is revoked with it. */
  tokenVersion: number
  /** The only report the ticket opens, or null for any the user may read. */
  reportId: string | null
}

interface Entry extends TicketGrant {
  expiresAt: number
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

export class TooManyTicketsError extends Error {}

export class CollabTickets {
  readonly ttlMs: number
  private readonly maxPerUser: number
  private readonly now: () => number
  /** In issue order, so the expired ones are always at the front (one lifetime for all). */
  private readonly entries = new Map<string, Entry>()
  private readonly perUser = new Map<string, number>()

  constructor(options: CollabTicketOptions = {}) {
    this.ttlMs = options.ttlMs ?? 60_000
    this.maxPerUser = options.maxPerUser ?? 100
    this.now = options.now ?? Date.now
  }

  /** A new ticket (256 random bits, base64url) and when it expires (ms since the epoch). */
  issue(grant: TicketGrant): { ticket: string; expiresAt: number } {
    this.sweep()
    const held = this.perUser.get(grant.userId) ?? 0
    if (held >= this.maxPerUser) throw new TooManyTicketsError(`at most ${this.maxPerUser} unused tickets per user`)
    const ticket = randomBytes(32).toString('base64url')
    const expiresAt = this.now() + this.ttlMs
    this.entries.set(ticket, { ...grant, expiresAt })
    this.perUser.set(grant.userId, held + 1)
    return { ticket, expiresAt }
  }

  /** Uses up `ticket` (every attempt does, also a refused one) for `reportId`. */
  redeem(ticket: string, reportId: string): RedeemResult {
    const entry = this.entries.get(ticket)
    if (!entry) return { ok: false, reason: 'unknown' }
    this.remove(ticket, entry)
    if (this.now() >= entry.expiresAt) return { ok: false, reason: 'expired' }
    if (entry.reportId !== null && entry.reportId !== reportId) return { ok: false, reason: 'wrong_report' }
    return { ok: true, grant: { userId: entry.userId, tokenVersion: entry.tokenVersion, reportId: entry.reportId } }
  }

  /** Unused, unexpired tickets (for tests and the health page). */
  get size(): number {
    this.sweep()
    return this.entries.size
  }

  private sweep(): void {
    const now = this.now()
    for (const [ticket, entry] of this.entries) {
      if (entry.expiresAt > now) break
      this.remove(ticket, entry)
    }
  }

  private remove(ticket: string, entry: Entry): void {
    this.entries.delete(ticket)
    const held = (this.perUser.get(entry.userId) ?? 1) - 1
    if (held > 0) this.perUser.set(entry.userId, held)
    else this.perUser.delete(entry.userId)
  }
}
