/**
 * What a connection that may not write the body (viewer, reviewer, anyone on
 * a published report) shows the others in awareness: who it is (the server's
 * record) and where its caret is. Anything else it claims is dropped, so a
 * reader cannot broadcast content of its own (a fake banner, a forged
 * "typing" state, megabytes of junk) to every editor of the report.
 *
 * The caret is y-tiptap's `cursor` field, `{anchor, head}` of
 * Y.RelativePosition as JSON; a malformed one is replaced by null (no caret),
 * as y-tiptap itself writes when the editor loses focus.
 */

type Json = Record<string, unknown>

const isPlainObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)

const isId = (v: unknown): boolean =>
  v === null ||
  (isPlainObject(v) &&
    Object.keys(v).every((k) => k === 'client' || k === 'clock') &&
    Number.isSafeInteger(v.client) &&
    (v.client as number) >= 0 &&
    Number.isSafeInteger(v.clock) &&
    (v.clock as number) >= 0)

/** Y.relativePositionToJSON / JSON.stringify of a Y.RelativePosition: type, tname, item, assoc. */
const isRelativePosition = (v: unknown): boolean =>
  isPlainObject(v) &&
  Object.keys(v).every((k) => k === 'type' || k === 'tname' || k === 'item' || k === 'assoc') &&
  (v.type === undefined || isId(v.type)) &&
  (v.item === undefined || isId(v.item)) &&
  (v.tname === undefined || v.tname === null || (typeof v.tname === 'string' && v.tname.length <= 256)) &&
  (v.assoc === undefined || Number.isSafeInteger(v.assoc))

const isCursor = (v: unknown): boolean =>
  isPlainObject(v) && Object.keys(v).length === 2 && isRelativePosition(v.anchor) && isRelativePosition(v.head)

/** The state a read-only connection is allowed to share: `{user, cursor?}`. */
export function readOnlyAwarenessState(claimed: Json, user: { id: string; name: string; color: string }): Json {
  if (!('cursor' in claimed)) return { user }
  return { user, cursor: isCursor(claimed.cursor) ? claimed.cursor : null }
}
