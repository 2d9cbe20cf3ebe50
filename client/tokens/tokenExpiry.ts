/**
 * The expiry field of a new API token: a calendar day in the browser's zone,
 * 90 days ahead by default, from tomorrow to a year ahead (the server allows
 * API_TOKEN_MAX_LIFETIME_DAYS), sent as the end of that day.
 */
export const DEFAULT_TOKEN_DAYS = 90
export const MAX_TOKEN_DAYS = 365

const pad = (n: number) => String(n).padStart(2, '0')
const dayOf = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
const daysAfter = (now: Date, days: number) => new Date(now.getFullYear(), now.getMonth(), now.getDate() + days)

export function tokenExpiryInput(now: Date) {
  return {
    defaultDate: dayOf(daysAfter(now, DEFAULT_TOKEN_DAYS)),
    minDate: dayOf(daysAfter(now, 1)),
    maxDate: dayOf(daysAfter(now, MAX_TOKEN_DAYS)),
    /** `YYYY-MM-DD` → the instant its day ends (23:59:59 in the browser's zone), ISO 8601 in UTC. */
    toInstant: (date: string) => new Date(`${date}T23:59:59`).toISOString(),
  }
}
