/**
 * The CollabTicketStore contract against the in-memory store and the Redis
 * one (a private redis-server), then what only Redis does: a ticket issued
 * by one process is redeemed by another, once, and every key carries the
 * configured prefix.
 */
import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import { describe, expect, it } from 'vitest'
import { withTestRedis } from '../../test/helpers/withTestRedis'
import { CollabTickets } from './CollabTickets'
import { collabTicketsContract } from './collabTicketsContract'
import { RedisCollabTickets } from './RedisCollabTickets'

const testRedis = withTestRedis()

collabTicketsContract('CollabTickets (memory)', (options) => new CollabTickets(options))
// A prefix per store: no test sees another's tickets.
collabTicketsContract('RedisCollabTickets', (options) => new RedisCollabTickets(testRedis.redis, `t${randomBytes(4).toString('hex')}:`, options))

describe('RedisCollabTickets across processes', () => {
  it('a ticket issued by one process opens the socket on another, once', async () => {
    const other = new Redis(testRedis.server.url)
    try {
      const a = new RedisCollabTickets(testRedis.redis, 'cluster1:')
      const b = new RedisCollabTickets(other, 'cluster1:')
      const grant = { userId: 'u1', tokenVersion: 2, reportId: 'r1' }
      const { ticket } = await a.issue(grant)
      const [first, second] = await Promise.all([b.redeem(ticket, 'r1'), a.redeem(ticket, 'r1')])
      // Exactly one of two simultaneous redemptions wins.
      expect([first, second].filter((r) => r.ok)).toEqual([{ ok: true, grant }])
      expect([first, second].filter((r) => !r.ok)).toEqual([{ ok: false, reason: 'unknown' }])
      // A store with another prefix (another cluster on the same Redis) does not know it.
      const { ticket: t2 } = await a.issue(grant)
      expect(await new RedisCollabTickets(other, 'cluster2:').redeem(t2, 'r1')).toEqual({ ok: false, reason: 'unknown' })
    } finally {
      other.disconnect()
    }
  })

  it('every key starts with the prefix and expires with the ticket', async () => {
    const prefix = `p${randomBytes(4).toString('hex')}:`
    const tickets = new RedisCollabTickets(testRedis.redis, prefix, { ttlMs: 30_000 })
    await tickets.issue({ userId: 'u9', tokenVersion: 0, reportId: null })
    const keys = await testRedis.redis.keys(`*${prefix.slice(1)}*`)
    expect(keys.length).toBe(2)
    for (const key of keys) {
      expect(key.startsWith(prefix)).toBe(true)
      const ttl = await testRedis.redis.pttl(key)
      expect(ttl).toBeGreaterThan(0)
      expect(ttl).toBeLessThanOrEqual(30_000)
    }
  })

  it('the per-user cap holds across processes', async () => {
    const other = new Redis(testRedis.server.url)
    try {
      const prefix = `c${randomBytes(4).toString('hex')}:`
      const a = new RedisCollabTickets(testRedis.redis, prefix, { maxPerUser: 4 })
      const b = new RedisCollabTickets(other, prefix, { maxPerUser: 4 })
      const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).issue({ userId: 'u1', tokenVersion: 0, reportId: null })))
      expect(results.filter((r) => r.status === 'fulfilled').length).toBe(4)
    } finally {
      other.disconnect()
    }
  })
})
