/**
 * The cluster-mode LoginThrottleState (LoginThrottleState.ts): the failure
 * counters in Redis, so every process sees every failure and a guesser
 * cannot round-robin past the throttle. A counter is a hash
 * (`clusterKeys.loginFailures(kind, key)`: `f` failures, `t` last failure,
 * `b` blocked until); a failure is counted and its new wait computed by one
 * Lua script (the same rule as the memory counters), and the key expires
 * forgetAfterMs after its last failure, so Redis holds only recent ones.
 * Times come from this process's clock (injectable for tests). Each script
 * touches one key. A Redis error refuses the attempt (503), it never lets
 * it through unchecked.
 */
import type { Redis } from 'ioredis'
import { sharedCountersUnavailable } from '../errors'
import type { LoginThrottlePolicy, LoginThrottleState } from './LoginThrottleState'

/**
 * KEYS: the counter. ARGV: now, free, baseDelayMs, maxDelayMs, forgetAfterMs.
 * `free` failures may follow each other; from the free-th on, each makes the next attempt wait
 * baseDelay · 2^(failures − free), capped (2^n is inf for huge n; math.min caps it). A counter whose
 * last failure is forgetAfterMs old counts from 0 again. Returns the failures counted.
 */
const FAIL = `
local now = tonumber(ARGV[1])
local forget = tonumber(ARGV[5])
local c = redis.call('HMGET', KEYS[1], 'f', 't')
local failures = 0
if c[1] and c[2] and now - tonumber(c[2]) < forget then failures = tonumber(c[1]) end
failures = failures + 1
local over = failures - tonumber(ARGV[2])
local blocked = 0
if over >= 0 then blocked = now + math.min(tonumber(ARGV[4]), tonumber(ARGV[3]) * 2 ^ over) end
redis.call('HSET', KEYS[1], 'f', string.format('%d', failures), 't', ARGV[1], 'b', string.format('%.0f', blocked))
redis.call('PEXPIRE', KEYS[1], forget)
return failures
`

export class RedisLoginThrottleState implements LoginThrottleState {
  /** `redis`: a command connection (openRedis().command: no offline queue); `keyOf`: clusterKeys(prefix).loginFailures. */
  constructor(
    private readonly redis: Redis,
    private readonly keyOf: (kind: 'account' | 'address', key: string) => string,
    private readonly policy: LoginThrottlePolicy,
  ) {}

  async waitMs(account: string, address: string, now: number): Promise<number> {
    try {
      const [byAccount, byAddress] = await Promise.all([
        this.redis.hmget(this.keyOf('account', account), 't', 'b'),
        this.redis.hmget(this.keyOf('address', address), 't', 'b'),
      ])
      return Math.max(this.wait(byAccount, now), this.wait(byAddress, now))
    } catch (err) {
      throw sharedCountersUnavailable('sign-in throttle', err)
    }
  }

  async failed(account: string, address: string, now: number): Promise<void> {
    const { freeFailuresPerAccount, freeFailuresPerAddress, baseDelayMs, maxDelayMs, forgetAfterMs } = this.policy
    try {
      await Promise.all([
        this.redis.eval(FAIL, 1, this.keyOf('account', account), now, freeFailuresPerAccount, baseDelayMs, maxDelayMs, forgetAfterMs),
        this.redis.eval(FAIL, 1, this.keyOf('address', address), now, freeFailuresPerAddress, baseDelayMs, maxDelayMs, forgetAfterMs),
      ])
    } catch (err) {
      throw sharedCountersUnavailable('sign-in throttle', err)
    }
  }

  async succeeded(account: string): Promise<void> {
    try {
      await this.redis.del(this.keyOf('account', account))
    } catch (err) {
      throw sharedCountersUnavailable('sign-in throttle', err)
    }
  }

  /** A counter's wait: none once forgotten (its last failure forgetAfterMs ago, by the caller's clock). */
  private wait([lastFailureAt, blockedUntil]: (string | null)[], now: number): number {
    if (lastFailureAt == null || blockedUntil == null || now - Number(lastFailureAt) >= this.policy.forgetAfterMs) return 0
    return Math.max(0, Number(blockedUntil) - now)
  }
}
