/**
 * Times shown to people: an ISO instant (stored in UTC) as wall-clock time in the
 * instance's time zone (env TIMEZONE, default Asia/Shanghai), "2026-12-05 01:06".
 * Shared by the client and the HTML / Markdown exports; pure (the zone is passed in).
 */

/** The instance's time zone when TIMEZONE is unset. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai'

/** True for a time-zone name the runtime's Intl knows (IANA names such as "Europe/Berlin", or "UTC"). */
export function isTimeZone(name: string): boolean {
  if (name.trim() === '' || name !== name.trim()) return false
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name })
    return true
  } catch {
    return false
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor(timeZone: string, seconds: boolean): Intl.DateTimeFormat {
  const key = `${timeZone}|${seconds}`
  let f = formatters.get(key)
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      ...(seconds ? { second: '2-digit' } : {}),
      hourCycle: 'h23',
    })
    formatters.set(key, f)
  }
  return f
}

/**
 * "2026-12-04T17:06:00.000Z" in Asia/Shanghai → "2026-12-05 01:06" ("…01:06:00" with `seconds`).
 * Anything that is not a valid instant is returned as given (an export must not throw on odd data).
 */
export function formatLocalTime(iso: string, timeZone: string, options: { seconds?: boolean } = {}): string {
  const ms = Date.parse(iso)
  if (!/^\d{4}-\d{2}-\d{2}T/.test(iso) || Number.isNaN(ms)) return iso
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {}
  for (const p of formatterFor(timeZone, options.seconds === true).formatToParts(new Date(ms))) parts[p.type] = p.value
  const time = `${parts.hour}:${parts.minute}${options.seconds ? `:${parts.second}` : ''}`
  return `${parts.year}-${parts.month}-${parts.day} ${time}`
}
