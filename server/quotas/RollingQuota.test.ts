import { describe, expect, it } from 'vitest'
import { RollingQuota } from './RollingQuota'

describe('RollingQuota', () => {
  it('allows `limit` actions per key within any window and frees them one by one as they age out', () => {
    let now = 1_000_000
    const quota = new RollingQuota(3, 60_000, () => now)
    const takes = []
    for (let i = 0; i < 3; i++, now += 1000) takes.push(quota.take('a')) // at 0 s, 1 s, 2 s
    expect(takes).toEqual([{ ok: true }, { ok: true }, { ok: true }])
    expect(quota.take('b')).toEqual({ ok: true }) // keys are counted apart
    now += 7000 // 10 s
    expect(quota.take('a')).toEqual({ ok: false, retryAfterMs: 50_000 })
    now += 49_999
    expect(quota.take('a').ok).toBe(false) // still inside the window
    now += 1 // 60 s: the first action leaves the window
    expect(quota.take('a')).toEqual({ ok: true })
    expect(quota.take('a')).toEqual({ ok: false, retryAfterMs: 1000 }) // refusals are not counted
  })

  it('gives back an action that failed', () => {
    const quota = new RollingQuota(1, 1000, () => 0)
    expect(quota.take('a').ok).toBe(true)
    quota.giveBack('a')
    expect(quota.take('a').ok).toBe(true)
    expect(quota.take('a').ok).toBe(false)
  })
})
