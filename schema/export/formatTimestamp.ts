import { DEFAULT_TIME_ZONE, formatLocalTime } from '../time/formatLocalTime'

/** A stored instant as the export shows it: "2026-11-01T08:00:00.000Z" → "2026-11-01 16:00" in the given zone (DEFAULT_TIME_ZONE when absent). */
export function formatTimestamp(raw: string, input: { timeZone?: string }): string {
  return formatLocalTime(raw, input.timeZone ?? DEFAULT_TIME_ZONE)
}
