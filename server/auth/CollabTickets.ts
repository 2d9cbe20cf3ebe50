/**
 * The embedded CollabTicketStore (see CollabTicketStore.ts for what a ticket
 * is): kept in this process's memory. Tickets do not survive a restart (a
 * client just asks for a new one), and they are valid only on the process
 * that issued them — fine for one process; cluster mode uses RedisCollabTickets.
 */
import {
  newTicket,
  redeemIssued,
  tooManyTickets,
  withTicketDefaults,
  type CollabTicketOptions,
  type CollabTicketStore,
  type IssuedTicket,
  type RedeemResult,
  type TicketGrant,
} from './CollabTicketStore'

export class CollabTickets implements CollabTicketStore {
  readonly ttlMs: number
  private readonly maxPerUser: number
  private readonly now: () => number
  /** In issue order, so the expired ones are always at the front (one lifetime for all). */
  private readonly entries = new Map<string, IssuedTicket>()
  private readonly perUser = new Map<string, number>()

  constructor(options: CollabTicketOptions = {}) {
    ;({ ttlMs: this.ttlMs, maxPerUser: this.maxPerUser, now: this.now } = withTicketDefaults(options))
  }

  async issue(grant: TicketGrant): Promise<{ ticket: string; expiresAt: number }> {
    this.sweep()
    const held = this.perUser.get(grant.userId) ?? 0
    if (held >= this.maxPerUser) throw tooManyTickets(this.maxPerUser)
    const ticket = newTicket()
    const expiresAt = this.now() + this.ttlMs
    this.entries.set(ticket, { ...grant, expiresAt })
    this.perUser.set(grant.userId, held + 1)
    return { ticket, expiresAt }
  }

  async redeem(ticket: string, reportId: string): Promise<RedeemResult> {
    const entry = this.entries.get(ticket)
    if (!entry) return { ok: false, reason: 'unknown' }
    this.remove(ticket, entry)
    return redeemIssued(entry, reportId, this.now())
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

  private remove(ticket: string, entry: IssuedTicket): void {
    this.entries.delete(ticket)
    const held = (this.perUser.get(entry.userId) ?? 1) - 1
    if (held > 0) this.perUser.set(entry.userId, held)
    else this.perUser.delete(entry.userId)
  }
}
