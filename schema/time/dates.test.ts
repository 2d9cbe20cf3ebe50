import { describe, expect, it } from 'vitest'
import { isCalendarDate, nextPeriod } from './dates'

describe('isCalendarDate', () => {
  it.each(['2026-11-30', '2028-02-29', '2026-01-01'])('accepts %s', (d) => expect(isCalendarDate(d)).toBe(true))
  it.each(['2026-11-31', '2026-02-29', '2026-13-01', '2026-00-10', '2026-11-3', ' 2026-11-30', '2026/11/30', '11月30日', ''])('refuses %j', (d) =>
    expect(isCalendarDate(d)).toBe(false),
  )
})

describe('nextPeriod', () => {
  it('is the following month, over the year end', () => {
    expect(nextPeriod('2026-10')).toBe('2026-11')
    expect(nextPeriod('2026-09')).toBe('2026-10')
    expect(nextPeriod('2026-12')).toBe('2027-01')
  })
  it.each(['2026-13', '2026-00', '2026-1', '202610', ''])('is null for %j', (p) => expect(nextPeriod(p)).toBeNull())
})
