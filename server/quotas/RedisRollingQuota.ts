/**
 * The cluster-mode QuotaCounter (QuotaCounter.ts): the same rolling window
 * as RollingQuota, counted in Redis so every process shares one allowance
 * per user. Each user has a sorted set of their counted actions scored by
 * time (`clusterKeys.quota(name, userId)`); one Lua script drops the actions
 * that left the window, counts the rest and adds the new one only below the
 * limit, so two processes cannot both take the last place. The set expires
 * a window after its latest action. Times come from this process's clock
 * (injectable for tests; the processes' clocks should agree to within a
 * second or so). A Redis error refuses the action (503), it never lets it
 * through uncounted.
 */
import { randomBytes } from 'node:crypto'
import type { Redis } from 'ioredis'
import { sharedCountersUnavailable } from '../errors'
import type { QuotaCharge, QuotaCounter } from './QuotaCounter'

/**
 * KEYS: the user's set. ARGV: now, windowMs, limit, member.
 * {1, 0}: counted. {0, retryAfterMs}: refused (not counted).
 */
const CHARGE = `
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return {0, tonumber(oldest[2]) + window - now}
end
redis.call('ZADD', KEYS[1], now, ARGV[4])
redis.call('PEXPIRE', KEYS[1], window)
return {1, 0}
`

export class RedisRollingQuota implements QuotaCounter {
  /**
   * `redis`: a command connection (openRedis().command: no offline queue); `keyOf`: the user's key
   * (clusterKeys(prefix).quota(name, userId)); `limit` ≥ 1.
   */
  constructor(
    private readonly redis: Redis,
    private readonly keyOf: (userId: string) => string,
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async charge(key: string): Promise<QuotaCharge> {
    const now = this.now()
    // Unique per action, so giveBack removes exactly this one (not another process's latest).
    const member = `${now}:${randomBytes(6).toString('hex')}`
    const redisKey = this.keyOf(key)
    let answer: [number, number]
    try {
      answer = (await this.redis.eval(CHARGE, 1, redisKey, now, this.windowMs, this.limit, member)) as [number, number]
    } catch (err) {
      throw sharedCountersUnavailable('usage quota', err)
    }
    if (answer[0] !== 1) return { ok: false, retryAfterMs: answer[1] }
    return {
      ok: true,
      giveBack: async () => {
        try {
          await this.redis.zrem(redisKey, member)
        } catch (err) {
          throw sharedCountersUnavailable('usage quota', err)
        }
      },
    }
  }
}
