/**
 * Who made a change of a room's document, from its transaction origin:
 *   - a Connection (an editor's update over the websocket): the user behind it;
 *   - an AttributedOrigin (a push): the API token, or the user of a session push;
 *   - anything else is not attributed, and its changes are not recorded:
 *     REMOTE_ORIGIN (cluster mode: another process received the change from
 *     its author and recorded it, so each change is recorded once cluster-wide),
 *     KPI_ORIGIN (computed values, derived from recorded ones; never metric
 *     rows anyway), quarantine and other server repairs (no one's change).
 */
import type { ChangeAuthor } from '@schema/api/cellHistoryApi'
import { AttributedOrigin } from '../collab/AttributedOrigin'
import { Connection } from '../collab/Connection'

export function changeAuthor(origin: unknown): ChangeAuthor | null {
  if (origin instanceof Connection) return { kind: 'user', id: origin.user.id, name: origin.user.name }
  if (origin instanceof AttributedOrigin) return origin.author
  return null
}
