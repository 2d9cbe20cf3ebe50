/**
 * The LoginThrottleState contract against the in-memory counters and the
 * Redis ones (a private redis-server), then what only Redis does: two
 * processes (two connections) count the same failures, keys carry the
 * prefix and expire after forgetAfterMs, and a Redis that cannot be reached
 * refuses the attempt (503) instead of letting it through.
 */
import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import { describe, expect, it } from 'vitest'
import { expectUnavailable } from '../../test/helpers/expectUnavailable'
import { redisThatGoesAway } from '../../test/helpers/redisThatGoesAway'
import { withTestRedis } from '../../test/helpers/withTestRedis'
import { clusterKeys } from '../cluster/clusterKeys'
import type { RetryLaterError } from '../errors'
import { LoginThrottle, type LoginThrottleOptions } from './LoginThrottle'
import { loginThrottleStateContract } from './loginThrottleStateContract'
import { MemoryLoginThrottleState } from './MemoryLoginThrottleState'
import { RedisLoginThrottleState } from './RedisLoginThrottleState'

const testRedis = withTestRedis()

const freshKeys = () => clusterKeys(`l${randomBytes(4).toString('hex')}:`)

loginThrottleStateContract('MemoryLoginThrottleState', () => (policy) => new MemoryLoginThrottleState(policy))
// Fresh keys per throttle: no test sees another's counters.
loginThrottleStateContract('RedisLoginThrottleState', () => {
  const keys = freshKeys()
  return (policy) => new RedisLoginThrottleState(testRedis.redis, keys.loginFailures, policy)
})

const POLICY: LoginThrottleOptions = { freeFailuresPerAccount: 3, freeFailuresPerAddress: 100, baseDelayMs: 1000, maxDelayMs: 8000, forgetAfterMs: 60_000 }

async function retryAfter(t: LoginThrottle, account: string, address: string): Promise<number> {
  try {
    await t.assertAllowed(account, address)
    return 0
  } catch (err) {
    return (err as RetryLaterError).retryAfterSeconds
  }
}

describe('RedisLoginThrottleState across processes', () => {
  it('failures through either process count once for both: round robin does not get past the throttle', async () => {
    const other = new Redis(testRedis.server.url)
    try {
      const keys = freshKeys()
      const a = new LoginThrottle({ ...POLICY, state: (p) => new RedisLoginThrottleState(testRedis.redis, keys.loginFailures, p) })
      const b = new LoginThrottle({ ...POLICY, state: (p) => new RedisLoginThrottleState(other, keys.loginFailures, p) })
      await a.failed('bob', 'x1')
      await b.failed('bob', 'x2')
      expect(await retryAfter(a, 'bob', 'x3')).toBe(0)
      await a.failed('bob', 'x3') // the 3rd failure, wherever it was made
      expect(await retryAfter(b, 'bob', 'x4')).toBe(1)
      expect(await retryAfter(a, 'bob', 'x4')).toBe(1)
      // A success through one process clears the account on both.
      await b.succeeded('bob')
      expect(await retryAfter(a, 'bob', 'x4')).toBe(0)
      // The same keys of another cluster (prefix) are not touched.
      const elsewhere = freshKeys()
      const c = new LoginThrottle({ ...POLICY, freeFailuresPerAccount: 0, state: (p) => new RedisLoginThrottleState(other, elsewhere.loginFailures, p) })
      await c.failed('bob', 'x1')
      expect(await retryAfter(c, 'bob', 'x1')).toBe(2) // no free failure: 1 s · 2^1
      expect(await retryAfter(a, 'bob', 'x1')).toBe(0)
    } finally {
      other.disconnect()
    }
  })

  it('every key starts with the prefix and expires forgetAfterMs after the last failure', async () => {
    const prefix = `p${randomBytes(4).toString('hex')}:`
    const keys = clusterKeys(prefix)
    const t = new LoginThrottle({ ...POLICY, forgetAfterMs: 30_000, state: (p) => new RedisLoginThrottleState(testRedis.redis, keys.loginFailures, p) })
    await t.failed('bob', '10.0.0.1')
    const found = await testRedis.redis.keys(`${prefix}*`)
    expect(found.sort()).toEqual([keys.loginFailures('account', 'bob'), keys.loginFailures('address', '10.0.0.1')])
    for (const key of found) {
      const ttl = await testRedis.redis.pttl(key)
      expect(ttl).toBeGreaterThan(0)
      expect(ttl).toBeLessThanOrEqual(30_000)
    }
    expect(t.size()).toBeUndefined() // nothing held in this process
  })

  it('a Redis that cannot be reached refuses the attempt with 503, it does not let it through', async () => {
    const redis = await redisThatGoesAway()
    try {
      const t = new LoginThrottle({ ...POLICY, state: (p) => new RedisLoginThrottleState(redis.conn, freshKeys().loginFailures, p) })
      await t.assertAllowed('bob', 'x1')
      await redis.goAway()
      for (const attempt of [() => t.assertAllowed('bob', 'x1'), () => t.failed('bob', 'x1'), () => t.succeeded('bob')]) await expectUnavailable(attempt)
    } finally {
      await redis.close()
    }
  })
})
