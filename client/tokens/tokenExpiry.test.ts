import { describe, expect, it } from 'vitest'
import { formatLocalTime } from '@schema/time/formatLocalTime'
import { endOfDayIn, tokenExpiryInput } from './tokenExpiry'

describe('tokenExpiryInput', () => {
  it('offers 90 days ahead by default, tomorrow to a year ahead, in the instance’s zone', () => {
    // 2026-12-04 17:30 UTC is already 2026-12-05 in Shanghai.
    const input = tokenExpiryInput(new Date('2026-12-04T17:30:00Z'), 'Asia/Shanghai')
    expect(input).toMatchObject({ defaultDate: '2027-03-05', minDate: '2026-12-06', maxDate: '2027-12-05' })
    expect(input.toInstant('2027-03-05')).toBe('2027-03-05T15:59:59.000Z')
    // The furthest day still ends within the server's 366 days.
    expect(Date.parse(input.toInstant(input.maxDate)) - Date.parse('2026-12-04T17:30:00Z')).toBeLessThan(366 * 24 * 3600 * 1000)
  })

  it('ends the day picked on the zone’s wall clock, across a DST change too', () => {
    for (const [date, zone] of [['2027-03-14', 'America/New_York'], ['2027-10-31', 'Europe/Berlin'], ['2027-01-01', 'UTC']] as const) {
      expect(formatLocalTime(endOfDayIn(date, zone), zone, { seconds: true })).toBe(`${date} 23:59:59`)
    }
  })
})
