/**
 * The behaviour every QuotaCounter must have, as one suite run against each
 * implementation (QuotaCounter.contract.test.ts), with an injected clock:
 * the rolling window and its Retry-After, keys counted apart, give-back,
 * refusals not counted, and simultaneous charges never past the limit.
 */
import { describe, expect, it } from 'vitest'
import type { QuotaCounter } from './QuotaCounter'

/** `make` builds a fresh counter (no counts of earlier tests) on the clock `now`. */
export function quotaCounterContract(name: string, make: (limit: number, windowMs: number, now: () => number) => QuotaCounter): void {
  describe(`QuotaCounter contract: ${name}`, () => {
    const decision = async (quota: QuotaCounter, key: string) => {
      const d = await quota.charge(key)
      return d.ok ? { ok: true } : d
    }

    it('allows `limit` actions per key within any window and frees them one by one as they age out', async () => {
      let now = 1_000_000
      const quota = make(3, 60_000, () => now)
      expect([quota.limit, quota.windowMs]).toEqual([3, 60_000])
      const takes = []
      for (let i = 0; i < 3; i++, now += 1000) takes.push(await decision(quota, 'a')) // at 0 s, 1 s, 2 s
      expect(takes).toEqual([{ ok: true }, { ok: true }, { ok: true }])
      expect(await decision(quota, 'b')).toEqual({ ok: true }) // keys are counted apart
      now += 7000 // 10 s
      expect(await decision(quota, 'a')).toEqual({ ok: false, retryAfterMs: 50_000 })
      now += 49_999
      expect((await quota.charge('a')).ok).toBe(false) // still inside the window
      now += 1 // 60 s: the first action leaves the window
      expect(await decision(quota, 'a')).toEqual({ ok: true })
      expect(await decision(quota, 'a')).toEqual({ ok: false, retryAfterMs: 1000 }) // refusals are not counted
    })

    it('gives back an action that failed', async () => {
      const quota = make(1, 1000, () => 0)
      const first = await quota.charge('a')
      if (!first.ok) throw new Error('refused')
      await first.giveBack()
      expect((await quota.charge('a')).ok).toBe(true)
      expect((await quota.charge('a')).ok).toBe(false)
    })

    it('simultaneous charges never go past the limit', async () => {
      const quota = make(4, 60_000, () => 5_000_000)
      const results = await Promise.all(Array.from({ length: 12 }, () => quota.charge('u')))
      expect(results.filter((r) => r.ok).length).toBe(4)
      expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.retryAfterMs === 60_000)).toBe(true)
    })
  })
}
