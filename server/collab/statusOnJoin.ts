import type { MetaStore } from '../meta/MetaStore'
import { statusEventOf } from '@schema/reportEvent'
import { reportEventMessage } from './messages'
import type { RoomHooks } from './Room'

/**
 * Tells each joining editor the report's status (draft, or published and by
 * whom), so an editor opened after a publish starts read-only; later changes
 * are pushed to the whole room by publish and unlock.
 */
export function statusOnJoin(meta: MetaStore): RoomHooks {
  return {
    onJoin({ room, conn }) {
      const report = meta.report(room.id)
      if (report) conn.send(reportEventMessage(statusEventOf(report)))
    },
  }
}
