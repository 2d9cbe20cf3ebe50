import { previousPeriod } from './carryOver'

/**
 * The period a new report is most likely for: the month just ended, in the
 * instance's time zone (a team writes at the start of December about
 * November; 2026-12-01 01:00 in Beijing is still November 30 in UTC).
 */
export function defaultPeriod(now: Date, timeZone = 'Asia/Shanghai'): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).formatToParts(now)
  const year = parts.find((p) => p.type === 'year')!.value
  const month = parts.find((p) => p.type === 'month')!.value
  return previousPeriod(`${year}-${month}`)
}
