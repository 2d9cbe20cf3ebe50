import { describe, expect, it } from 'vitest'
import { ConnectionLimits } from './ConnectionLimits'
import { RateLimiter } from './RateLimiter'

describe('ConnectionLimits', () => {
  it('caps connections per user and per report, and frees them on release', () => {
    const limits = new ConnectionLimits({ perUser: 2, perReport: 3 })
    expect(limits.admit('u1', 'r1')).toBe('ok')
    expect(limits.admit('u1', 'r2')).toBe('ok')
    expect(limits.admit('u1', 'r1')).toBe('user')
    expect(limits.admit('u2', 'r1')).toBe('ok')
    expect(limits.admit('u3', 'r1')).toBe('ok')
    expect(limits.admit('u4', 'r1')).toBe('report')
    limits.release('u1', 'r1')
    expect(limits.admit('u4', 'r1')).toBe('ok')
    expect(limits.admit('u1', 'r3')).toBe('ok')
  })
})

describe('RateLimiter', () => {
  it('allows a burst, then the steady rate', () => {
    const r = new RateLimiter(10, 5, 0)
    for (let i = 0; i < 5; i++) expect(r.take(0)).toBe(true)
    expect(r.take(0)).toBe(false)
    expect(r.take(100)).toBe(true) // 100 ms at 10/s refills one
    expect(r.take(100)).toBe(false)
    expect(r.take(10_000)).toBe(true)
  })
})
