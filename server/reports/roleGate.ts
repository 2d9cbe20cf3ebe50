import { canWriteBody } from '@schema/roles'
import type { MetaStore } from '../meta/MetaStore'
import { effectiveRole } from './effectiveRole'
import type { RoomHooks } from '../collab/Room'

/**
 * Drops body writes from connections whose current role may not write
 * (viewers, reviewers, removed members): not applied, not stored, not
 * relayed, whether they come as updates or inside sync step 2.
 */
export function roleGate(meta: MetaStore): RoomHooks {
  return {
    gateWrite({ room, conn }) {
      const user = meta.userById(conn.user.id)
      const role = user && effectiveRole(meta, room.id, user)
      return role && canWriteBody(role) ? null : 'read_only'
    },
  }
}
