/** The answer of `GET /api/config`: facts about this instance the client reads once at start. */
export interface InstanceConfig {
  /** IANA time zone every time is shown in (env TIMEZONE). */
  timeZone: string
}
