import { describe, expect, it } from 'vitest'
import { DEFAULT_TIME_ZONE, formatLocalTime, isTimeZone } from './formatLocalTime'

describe('formatLocalTime', () => {
  it('shows a UTC instant as Beijing wall-clock time, crossing midnight', () => {
    expect(formatLocalTime('2026-12-04T17:06:00.000Z', 'Asia/Shanghai')).toBe('2026-12-05 01:06')
    expect(formatLocalTime('2026-12-04T16:56:29.566Z', DEFAULT_TIME_ZONE)).toBe('2026-12-05 00:56')
    expect(formatLocalTime('2026-12-04T16:56:29.566Z', DEFAULT_TIME_ZONE, { seconds: true })).toBe('2026-12-05 00:56:29')
  })

  it('follows other zones, daylight saving included, and midnight as 00 (not 24)', () => {
    expect(formatLocalTime('2026-07-01T12:00:00Z', 'Europe/Berlin')).toBe('2026-07-01 14:00')
    expect(formatLocalTime('2026-12-01T12:00:00Z', 'Europe/Berlin')).toBe('2026-12-01 13:00')
    expect(formatLocalTime('2026-12-04T16:00:00Z', 'Asia/Shanghai')).toBe('2026-12-05 00:00')
    expect(formatLocalTime('2026-12-04T16:00:00Z', 'UTC')).toBe('2026-12-04 16:00')
  })

  it('returns anything that is not an instant as given', () => {
    expect(formatLocalTime('soon', 'Asia/Shanghai')).toBe('soon')
    expect(formatLocalTime('', 'Asia/Shanghai')).toBe('')
    expect(formatLocalTime('2026-13-45T99:00:00Z', 'Asia/Shanghai')).toBe('2026-13-45T99:00:00Z')
  })

  it('knows IANA names and refuses others', () => {
    expect(isTimeZone('Asia/Shanghai')).toBe(true)
    expect(isTimeZone('America/New_York')).toBe(true)
    expect(isTimeZone('UTC')).toBe(true)
    expect(isTimeZone('Mars/Olympus')).toBe(false)
    expect(isTimeZone('')).toBe(false)
    expect(isTimeZone(' Asia/Shanghai')).toBe(false)
  })
})
