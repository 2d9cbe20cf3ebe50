/**
 * The cluster-mode CollabTicketStore (see CollabTicketStore.ts): tickets in
 * Redis, so a ticket issued by one process (POST /api/collab-ticket) opens
 * the socket on whichever process the websocket lands on. Same limits and
 * answers as the in-memory CollabTickets:
 *
 * - `<prefix>collab-ticket:<ticket>` holds the grant and its expiry, SET with
 *   PX = the lifetime; redeemed with GETDEL, so it opens at most once across
 *   the cluster (also a refused attempt uses it up);
 * - `<prefix>collab-tickets-of:<userId>` is a sorted set of the user's unused
 *   tickets by expiry: issuing drops the expired ones and refuses past the
 *   cap, in one Lua script (two processes cannot both take the last place).
 *   A redeemed ticket leaves it at once.
 *
 * `expired` is answered for a ticket still in Redis whose time has passed by
 * this process's clock (clocks of the processes may differ a little); once
 * Redis dropped it, the answer is `unknown`, as for a ticket the memory
 * store has swept.
 */
import type { Redis } from 'ioredis'
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

/** KEYS: ticket, user's set. ARGV: grant JSON, lifetime ms, now, expiresAt, cap, ticket. 1 = issued, 0 = cap reached. */
const ISSUE = `
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[3])
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[5]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[4], ARGV[6])
redis.call('PEXPIRE', KEYS[2], ARGV[2])
return 1
`

/** What newTicket() makes: 32 bytes in base64url. */
const TICKET_SHAPE = /^[A-Za-z0-9_-]{43}$/

export class RedisCollabTickets implements CollabTicketStore {
  readonly ttlMs: number
  private readonly maxPerUser: number
  private readonly now: () => number

  /** `redis`: a command connection (openRedis().command); `keyPrefix`: REDIS_KEY_PREFIX, put before every key. */
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    options: CollabTicketOptions = {},
  ) {
    ;({ ttlMs: this.ttlMs, maxPerUser: this.maxPerUser, now: this.now } = withTicketDefaults(options))
  }

  async issue(grant: TicketGrant): Promise<{ ticket: string; expiresAt: number }> {
    const ticket = newTicket()
    const now = this.now()
    const expiresAt = now + this.ttlMs
    const stored: IssuedTicket = { userId: grant.userId, tokenVersion: grant.tokenVersion, reportId: grant.reportId, expiresAt }
    const issued = await this.redis.eval(
      ISSUE,
      2,
      this.ticketKey(ticket),
      this.userKey(grant.userId),
      JSON.stringify(stored),
      this.ttlMs,
      now,
      expiresAt,
      this.maxPerUser,
      ticket,
    )
    if (issued !== 1) throw tooManyTickets(this.maxPerUser)
    return { ticket, expiresAt }
  }

  async redeem(ticket: string, reportId: string): Promise<RedeemResult> {
    if (!TICKET_SHAPE.test(ticket)) return { ok: false, reason: 'unknown' } // never issued: not worth a key lookup
    const raw = await this.redis.getdel(this.ticketKey(ticket))
    if (raw === null) return { ok: false, reason: 'unknown' }
    const entry = JSON.parse(raw) as IssuedTicket
    // The ticket is used up already (GETDEL); its place in the cap is given back on a best-effort basis (it expires anyway).
    await this.redis.zrem(this.userKey(entry.userId), ticket).catch((err: Error) => console.error(`[tickets] ${err.message}`))
    return redeemIssued(entry, reportId, this.now())
  }

  private ticketKey(ticket: string): string {
    return `${this.keyPrefix}collab-ticket:${ticket}`
  }

  private userKey(userId: string): string {
    return `${this.keyPrefix}collab-tickets-of:${userId}`
  }
}
