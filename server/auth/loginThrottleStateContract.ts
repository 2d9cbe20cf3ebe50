/**
 * The behaviour every LoginThrottleState must give the LoginThrottle, as one
 * suite run against each implementation (LoginThrottleState.contract.test.ts),
 * with an injected clock: the free failures, the doubling wait and its cap,
 * Retry-After rounded up, a success clearing the account and not the
 * address, counters forgotten after forgetAfterMs, and simultaneous
 * failures all counted.
 */
import { describe, expect, it } from 'vitest'
import { RetryLaterError } from '../errors'
import { LoginThrottle, type LoginThrottleOptions } from './LoginThrottle'
import type { LoginThrottleStateFactory } from './LoginThrottleState'

/** `make` gives a fresh state factory (no counters of earlier tests). */
export function loginThrottleStateContract(name: string, make: () => LoginThrottleStateFactory): void {
  describe(`LoginThrottleState contract: ${name}`, () => {
    function throttle(overrides: Partial<LoginThrottleOptions> = {}) {
      const clock = { now: 1_000_000 }
      const t = new LoginThrottle({
        freeFailuresPerAccount: 3,
        freeFailuresPerAddress: 10,
        baseDelayMs: 1000,
        maxDelayMs: 8000,
        forgetAfterMs: 60_000,
        now: () => clock.now,
        state: make(),
        ...overrides,
      })
      /** Seconds the next attempt must wait (0: allowed). */
      const wait = async (account: string, address: string): Promise<number> => {
        try {
          await t.assertAllowed(account, address)
          return 0
        } catch (err) {
          expect(err).toBeInstanceOf(RetryLaterError)
          expect(err).toMatchObject({ status: 429, code: 'too_many_attempts' })
          return (err as RetryLaterError).retryAfterSeconds
        }
      }
      const fail = async (account: string, address: string) => t.failed(account, address)
      return { t, clock, wait, fail }
    }

    it('lets the free failures through, then doubles the wait up to the cap', async () => {
      const { clock, wait, fail } = throttle()
      const waits: number[] = []
      for (let i = 0; i < 8; i++) {
        expect(await wait('bob', 'a1')).toBe(0)
        await fail('bob', 'a1')
        waits.push(await wait('bob', 'a1'))
        clock.now += waits.at(-1)! * 1000 // wait exactly as told
      }
      expect(waits).toEqual([0, 0, 1, 2, 4, 8, 8, 8])
    })

    it('Retry-After rounds up, and a throttled attempt does not extend the wait', async () => {
      const { clock, wait, fail } = throttle()
      for (let i = 0; i < 4; i++) await fail('bob', 'a1') // 3 free, 4th: 2 s
      clock.now += 500
      expect(await wait('bob', 'a1')).toBe(2) // 1.5 s left → 2
      expect(await wait('bob', 'a1')).toBe(2)
      clock.now += 1500
      expect(await wait('bob', 'a1')).toBe(0)
    })

    it('a success clears the account, not the address', async () => {
      const { t, wait, fail } = throttle({ freeFailuresPerAddress: 4 })
      for (let i = 0; i < 3; i++) await fail('bob', 'a1')
      expect(await wait('bob', 'a2')).toBe(1) // bob's 3 free failures are spent
      await t.succeeded('bob')
      expect(await wait('bob', 'a2')).toBe(0)
      expect(await wait('dave', 'a1')).toBe(0) // a1: 3 of 4
      await fail('carol', 'a1')
      expect(await wait('dave', 'a1')).toBe(1) // a1's 4 free failures are spent, for every account
    })

    it('counters expire after forgetAfterMs without failures', async () => {
      const { clock, wait, fail } = throttle()
      for (let i = 0; i < 5; i++) await fail('bob', 'a1')
      expect(await wait('bob', 'a1')).toBe(4)
      clock.now += 60_000
      expect(await wait('bob', 'a1')).toBe(0)
      await fail('bob', 'a1') // counts from 1 again
      expect(await wait('bob', 'a1')).toBe(0)
    })

    it('a huge count waits the cap, and simultaneous failures are all counted', async () => {
      const { wait, fail } = throttle({ freeFailuresPerAccount: 0, maxDelayMs: 30_000 })
      await Promise.all(Array.from({ length: 2000 }, () => fail('eve', 'a9')))
      expect(await wait('eve', 'a0')).toBe(30) // 2^2000 overflows; the cap holds
      const { wait: wait2, fail: fail2 } = throttle({ freeFailuresPerAccount: 5, baseDelayMs: 1000, maxDelayMs: 1_000_000 })
      await Promise.all(Array.from({ length: 8 }, () => fail2('zoe', 'b1')))
      expect(await wait2('zoe', 'b2')).toBe(8) // 8 failures, 5 free: 1 s · 2^3
    })
  })
}
