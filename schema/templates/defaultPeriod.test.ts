import { describe, expect, it } from 'vitest'
import { defaultPeriod } from './defaultPeriod'

describe('defaultPeriod', () => {
  it('is the month just ended in the instance’s time zone, Asia/Shanghai by default', () => {
    expect(defaultPeriod(new Date('2026-12-04T17:06:00Z'))).toBe('2026-11')
    // 2026-12-01 01:00 in Beijing, still November 30 in UTC.
    expect(defaultPeriod(new Date('2026-11-30T17:00:00Z'))).toBe('2026-11')
    expect(defaultPeriod(new Date('2026-11-30T17:00:00Z'), 'UTC')).toBe('2026-10')
  })

  it('rolls back over the year', () => {
    expect(defaultPeriod(new Date('2027-01-10T00:00:00Z'))).toBe('2026-12')
    expect(defaultPeriod(new Date('2026-12-31T16:30:00Z'), 'Asia/Shanghai')).toBe('2026-12')
  })
})
