/** The shapes of the ids and labels in API paths (report ids: schema/reportId.ts). */

/** A user id: `u` + 20 base32 characters (server/meta/newId.ts). */
export const USER_ID_PATTERN = /^u[a-z2-7]{20}$/
/** A snapshot id, sortable by time: `s` + 13-digit epoch milliseconds + 4 random characters. */
export const SNAPSHOT_ID_PATTERN = /^s\d{13}[a-z2-7]{4}$/
/** A version label: `1`, then amendments `1.1`, `1.2`… */
export const VERSION_LABEL_PATTERN = /^1(\.[1-9]\d{0,5})?$/
