import { describe, expect, it } from 'vitest'
import { RetryLaterError } from '../errors'
import { LoginThrottle } from './LoginThrottle'

function throttle(overrides: Partial<ConstructorParameters<typeof LoginThrottle>[0]> = {}) {
  const clock = { now: 1_000_000 }
  const t = new LoginThrottle({
    freeFailuresPerAccount: 3,
    freeFailuresPerAddress: 10,
    baseDelayMs: 1000,
    maxDelayMs: 8000,
    forgetAfterMs: 60_000,
    now: () => clock.now,
    ...overrides,
  })
  /** Seconds the next attempt must wait (0: allowed). */
  const wait = (account: string, address: string): number => {
    try {
      t.assertAllowed(account, address)
      return 0
    } catch (err) {
      expect(err).toBeInstanceOf(RetryLaterError)
      expect(err).toMatchObject({ status: 429, code: 'too_many_attempts' })
      return (err as RetryLaterError).retryAfterSeconds
    }
  }
  return { t, clock, wait }
}

describe('LoginThrottle', () => {
  it('lets the free failures through, then doubles the wait up to the cap', () => {
    const { t, clock, wait } = throttle()
    const waits: number[] = []
    for (let i = 0; i < 8; i++) {
      expect(wait('bob', 'a1')).toBe(0)
      t.failed('bob', 'a1')
      waits.push(wait('bob', 'a1'))
      clock.now += waits.at(-1)! * 1000 // wait exactly as told
    }
    expect(waits).toEqual([0, 0, 1, 2, 4, 8, 8, 8])
  })

  it('Retry-After rounds up, and a throttled attempt does not extend the wait', () => {
    const { t, clock, wait } = throttle()
    for (let i = 0; i < 4; i++) t.failed('bob', 'a1') // 3 free, 4th: 2 s
    clock.now += 500
    expect(wait('bob', 'a1')).toBe(2) // 1.5 s left → 2
    expect(wait('bob', 'a1')).toBe(2)
    clock.now += 1500
    expect(wait('bob', 'a1')).toBe(0)
  })

  it('a success clears the account, not the address', () => {
    const { t, wait } = throttle({ freeFailuresPerAddress: 4 })
    for (let i = 0; i < 3; i++) t.failed('bob', 'a1')
    expect(wait('bob', 'a2')).toBe(1) // bob's 3 free failures are spent
    t.succeeded('bob')
    expect(wait('bob', 'a2')).toBe(0)
    expect(wait('dave', 'a1')).toBe(0) // a1: 3 of 4
    t.failed('carol', 'a1')
    expect(wait('dave', 'a1')).toBe(1) // a1's 4 free failures are spent, for every account
  })

  it('counters expire after forgetAfterMs without failures', () => {
    const { t, clock, wait } = throttle()
    for (let i = 0; i < 5; i++) t.failed('bob', 'a1')
    expect(wait('bob', 'a1')).toBe(4)
    clock.now += 60_000
    expect(wait('bob', 'a1')).toBe(0)
    t.failed('bob', 'a1') // counts from 1 again
    expect(wait('bob', 'a1')).toBe(0)
  })

  it('keeps at most maxEntries counters per kind (a spray of names or addresses)', () => {
    const { t } = throttle({ maxEntries: 100 })
    for (let i = 0; i < 1000; i++) t.failed(`user${i}`, `10.0.${i >> 8}.${i & 255}`)
    expect(t.size()).toEqual({ accounts: 100, addresses: 100 })
  })
})
