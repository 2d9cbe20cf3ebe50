/**
 * The QuotaCounter contract against the in-memory RollingQuota and the
 * Redis one (a private redis-server), then what only Redis does: two
 * processes (two connections) share one allowance per user, keys carry the
 * prefix and expire, and a Redis that cannot be reached refuses (503).
 */
import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import { describe, expect, it } from 'vitest'
import { expectUnavailable } from '../../test/helpers/expectUnavailable'
import { redisThatGoesAway } from '../../test/helpers/redisThatGoesAway'
import { withTestRedis } from '../../test/helpers/withTestRedis'
import { clusterKeys } from '../cluster/clusterKeys'
import { quotaCounterContract } from './quotaCounterContract'
import { RedisRollingQuota } from './RedisRollingQuota'
import { RollingQuota } from './RollingQuota'

const testRedis = withTestRedis()

const freshPrefix = () => `q${randomBytes(4).toString('hex')}:`

quotaCounterContract('RollingQuota (memory)', (limit, windowMs, now) => new RollingQuota(limit, windowMs, now))
// A prefix per counter: no test sees another's counts.
quotaCounterContract('RedisRollingQuota', (limit, windowMs, now) => {
  const keys = clusterKeys(freshPrefix())
  return new RedisRollingQuota(testRedis.redis, (id) => keys.quota('test', id), limit, windowMs, now)
})

describe('RedisRollingQuota across processes', () => {
  it('two processes on the same Redis share one allowance per user', async () => {
    const other = new Redis(testRedis.server.url)
    try {
      const keys = clusterKeys(freshPrefix())
      const a = new RedisRollingQuota(testRedis.redis, (id) => keys.quota('creations', id), 5, 3_600_000)
      const b = new RedisRollingQuota(other, (id) => keys.quota('creations', id), 5, 3_600_000)
      // Round robin over both, some at once: five counted in all, not five per process.
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).charge('u1')))
      expect(results.filter((r) => r.ok).length).toBe(5)
      expect((await a.charge('u1')).ok).toBe(false)
      expect((await b.charge('u1')).ok).toBe(false)
      // Another user, and the same quota name of another cluster (prefix), are counted apart.
      expect((await b.charge('u2')).ok).toBe(true)
      const elsewhere = clusterKeys(freshPrefix())
      expect((await new RedisRollingQuota(other, (id) => elsewhere.quota('creations', id), 5, 3_600_000).charge('u1')).ok).toBe(true)
      // A give-back through one process frees the place for the other.
      const counted = results.find((r) => r.ok)
      if (!counted?.ok) throw new Error('nothing counted')
      await counted.giveBack()
      expect((await a.charge('u1')).ok).toBe(true)
      expect((await b.charge('u1')).ok).toBe(false)
    } finally {
      other.disconnect()
    }
  })

  it('quotas of different names are counted apart; keys carry the prefix and expire with the window', async () => {
    const prefix = freshPrefix()
    const keys = clusterKeys(prefix)
    const restores = new RedisRollingQuota(testRedis.redis, (id) => keys.quota('restores', id), 1, 30_000)
    const unlocks = new RedisRollingQuota(testRedis.redis, (id) => keys.quota('unlocks', id), 1, 30_000)
    expect((await restores.charge('u1')).ok).toBe(true)
    expect((await unlocks.charge('u1')).ok).toBe(true)
    const found = await testRedis.redis.keys(`${prefix}*`)
    expect(found.sort()).toEqual([keys.quota('restores', 'u1'), keys.quota('unlocks', 'u1')])
    for (const key of found) {
      const ttl = await testRedis.redis.pttl(key)
      expect(ttl).toBeGreaterThan(0)
      expect(ttl).toBeLessThanOrEqual(30_000)
    }
  })

  it('a Redis that cannot be reached refuses the action with 503, it does not let it through', async () => {
    const redis = await redisThatGoesAway()
    try {
      const quota = new RedisRollingQuota(redis.conn, (id) => `down:${id}`, 5, 60_000)
      expect((await quota.charge('u1')).ok).toBe(true)
      await redis.goAway()
      await expectUnavailable(() => quota.charge('u1'))
    } finally {
      await redis.close()
    }
  })
})
