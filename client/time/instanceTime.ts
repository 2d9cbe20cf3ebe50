/**
 * The instance's time zone, learnt once from `GET /api/config` before the app renders, and the one way the UI
 * shows a stored (UTC) time: `shownTime(iso)` → "2026-12-05 01:06" in that zone.
 */
import { configApi } from '@schema/api/configApi'
import { apiCall } from '../api/apiCall'
import { DEFAULT_TIME_ZONE, formatLocalTime, isTimeZone } from '@schema/time/formatLocalTime'

let timeZone = DEFAULT_TIME_ZONE

/** Reads the zone from the server; keeps DEFAULT_TIME_ZONE when the server cannot be asked (offline start). */
export async function loadInstanceTimeZone(): Promise<void> {
  try {
    const config = await apiCall(configApi.get)
    if (typeof config.timeZone === 'string' && isTimeZone(config.timeZone)) timeZone = config.timeZone
  } catch {
    // offline, or an error answer: the default zone until the next load
  }
}

export function instanceTimeZone(): string {
  return timeZone
}

/** A stored instant as the UI shows it, in the instance's zone; anything else as given. */
export function shownTime(iso: string, options: { seconds?: boolean } = {}): string {
  return formatLocalTime(iso, timeZone, options)
}
