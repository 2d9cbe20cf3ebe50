/**
 * The expiry field of a new API token: a calendar day in the instance's time
 * zone (the one every time is shown in), 90 days ahead by default, from
 * tomorrow to a year ahead (the server allows API_TOKEN_MAX_LIFETIME_DAYS),
 * sent as the end of that day in that zone, so the list shows the day picked.
 */
import { formatLocalTime } from '@schema/time/formatLocalTime'

export const DEFAULT_TOKEN_DAYS = 90
export const MAX_TOKEN_DAYS = 365

const DAY_MS = 24 * 3600 * 1000

/** `YYYY-MM-DD` plus `days` calendar days. */
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10)

/** The instant at which the wall clock of `timeZone` reads `date 23:59:59`. */
export function endOfDayIn(date: string, timeZone: string): string {
  const asUtc = Date.parse(`${date}T23:59:59Z`)
  // The zone's offset near that instant (read twice: once more across a DST change).
  let instant = asUtc
  for (let i = 0; i < 2; i++) {
    const wall = Date.parse(`${formatLocalTime(new Date(instant).toISOString(), timeZone, { seconds: true }).replace(' ', 'T')}Z`)
    instant = asUtc - (wall - instant)
  }
  return new Date(instant).toISOString()
}

export function tokenExpiryInput(now: Date, timeZone: string) {
  const today = formatLocalTime(now.toISOString(), timeZone).slice(0, 10)
  return {
    defaultDate: addDays(today, DEFAULT_TOKEN_DAYS),
    minDate: addDays(today, 1),
    maxDate: addDays(today, MAX_TOKEN_DAYS),
    /** `YYYY-MM-DD` → the instant its day ends in the instance's zone, ISO 8601 in UTC. */
    toInstant: (date: string) => endOfDayIn(date, timeZone),
  }
}
