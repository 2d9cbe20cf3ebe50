import type { ReportLocks } from '../reports/ReportLocks'
import type { RoomHooks } from './Room'

/**
 * Drops every body write while the report is published (or being
 * published), from every connection, also ones opened before the publish:
 * not applied, not stored, not relayed. The writer is told `locked`.
 */
export function lockGate(locks: ReportLocks): RoomHooks {
  return {
    gateWrite: ({ room }) => (locks.isLocked(room.id) ? 'locked' : null),
  }
}
