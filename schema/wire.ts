/**
 * Wire constants of the collaboration socket `/collab/<reportId>`.
 *
 * Types 0, 1 and 3 are the y-websocket protocol (y-protocols; its auth message 2
 * is never used: the server closes instead). Types ≥ 100 are ours, sent by the
 * server only (a client sending one is closed with CLOSE_BAD_MESSAGE);
 * an unmodified y-websocket client ignores them. Every message is
 * `varUint(type) · payload`, encoded with lib0.
 */

/** y-protocols sync: step 1 (state vector), step 2 (missing update), update. */
export const MESSAGE_SYNC = 0
/** y-protocols awareness update (cursors, presence). */
export const MESSAGE_AWARENESS = 1
/** y-websocket "send me every awareness state". */
export const MESSAGE_QUERY_AWARENESS = 3

/**
 * Server → client: `varUint(count)`, the number of document-write messages
 * (sync step 2 and sync update) this connection sent that are now on disk
 * (fsynced) or were dropped as empty. The client shows "Saved" only when its
 * last write is covered. Clients must never send it.
 */
export const MESSAGE_SAVED = 100
/**
 * Server → client: `varString(code)`: writes from this connection are not
 * being saved (`read_only`, `locked`, `storage_failed`). Clients must never send it.
 */
export const MESSAGE_NOT_SAVED = 101

/**
 * Server → client: `varString(JSON)`, a ReportEvent (schema/reportEvent.ts):
 * the report's status changed (published, unlocked), or its comment threads
 * changed. Sent to every connection of the room; also once on join (status).
 * Clients must never send it.
 */
export const MESSAGE_REPORT_EVENT = 102

/** Sub-types of MESSAGE_SYNC (mirrors y-protocols/sync). */
export const SYNC_STEP1 = 0
export const SYNC_STEP2 = 1
export const SYNC_UPDATE = 2

/** Close codes (4000–4999 are application codes in RFC 6455). */
/** A frame could not be decoded, had an unknown or server-only type, or held a corrupt update. */
export const CLOSE_BAD_MESSAGE = 4400
/** No token, a bad token or an expired one. */
export const CLOSE_UNAUTHORIZED = 4401
/** Authenticated, but not a member of this report. */
export const CLOSE_FORBIDDEN = 4403
/** No report with this id. */
export const CLOSE_NOT_FOUND = 4404
/** More messages per second than allowed (MAX_MESSAGES_PER_SECOND); the client may reconnect after a pause. */
export const CLOSE_RATE_LIMITED = 4429
/** Too many open connections for this user or this report (MAX_CONNECTIONS_PER_USER / _PER_REPORT). */
export const CLOSE_TOO_MANY_CONNECTIONS = 4430
/** The server cannot load the report's stored data; nothing was written. Retry later. */
export const CLOSE_LOAD_FAILED = 4500
/** The server is shutting down; reconnect later. (1001 "going away" is also used by ws.) */
export const CLOSE_SHUTDOWN = 4503
/** Frame larger than the configured limit; sent by `ws` itself before the payload is parsed. */
export const CLOSE_TOO_LARGE = 1009

/** Why writes from a connection are not saved (payload of MESSAGE_NOT_SAVED). */
export type NotSavedReason = 'read_only' | 'locked' | 'storage_failed'
