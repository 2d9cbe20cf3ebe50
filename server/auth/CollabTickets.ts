/**
 * The embedded CollabTicketStore (see CollabTicketStore.ts for what a ticket
 * is): kept in this process's memory. Tickets do not survive a restart (a
 * client just asks for a new one), and they are valid only on the process
 * that issued them — fine for one process; cluster mode uses RedisCollabTickets.
 */
import { randomBytes } from 'node:crypto'
import {
  DEFAULT_TICKET_TTL_MS,
  DEFAULT_TICKETS_PER_USER,
  TooManyTicketsError,
  type CollabTicketOptions,
  type CollabTicketStore,
  type RedeemResult,
  type TicketGrant,
} from './CollabTicketStore'

interface Entry extends TicketGrant {
  expiresAt: number
}

export class CollabTickets implements CollabTicketStore {
  readonly ttlMs: number
  private readonly maxPerUser: number
  private readonly now: () => number
  /** In issue order, so the expired ones are always at the front (one lifetime for all). */
  private readonly entries = new Map<string, Entry>()
  private readonly perUser = new Map<string, number>()

  constructor(options: CollabTicketOptions = {}) {
    this.ttlMs = options.ttlMs ?? DEFAULT_TICKET_TTL_MS
    this.maxPerUser = options.maxPerUser ?? DEFAULT_TICKETS_PER_USER
    this.now = options.now ?? Date.now
  }

  async issue(grant: TicketGrant): Promise<{ ticket: string; expiresAt: number }> {
    this.sweep()
    const held = this.perUser.get(grant.userId) ?? 0
    if (held >= this.maxPerUser) throw new TooManyTicketsError(`at most ${this.maxPerUser} unused tickets per user`)
    const ticket = randomBytes(32).toString('base64url')
    const expiresAt = this.now() + this.ttlMs
    this.entries.set(ticket, { ...grant, expiresAt })
    this.perUser.set(grant.userId, held + 1)
    return { ticket, expiresAt }
  }

  async redeem(ticket: string, reportId: string): Promise<RedeemResult> {
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
