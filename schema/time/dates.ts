/**
 * Days and periods of a report: a due date or deadline is a calendar day
 * `YYYY-MM-DD` (what the date inputs write), a period is a month `YYYY-MM`.
 */

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/
const MONTH = /^(\d{4})-(\d{2})$/

/** Whether `text` is a real calendar day as `YYYY-MM-DD` (so `2026-02-30` is not). */
export function isCalendarDate(text: string): boolean {
  const m = DAY.exec(text)
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  // Date.UTC rolls 2026-02-30 over into March; a real day survives the round trip.
  const date = new Date(Date.UTC(y, mo - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d
}

/** The month after a `YYYY-MM` period (`2026-12` → `2027-01`); null when `period` is not a month. */
export function nextPeriod(period: string): string | null {
  const m = MONTH.exec(period)
  if (!m) return null
  const year = Number(m[1])
  const month = Number(m[2])
  if (month < 1 || month > 12) return null
  return month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`
}
