import type { ReportLocks } from './ReportLocks'
import type { RoomHooks } from '../collab/Room'

/**
 * Drops every body write while the report is published (or being
 * published), from every connection, also ones opened before the publish:
 * not applied, not stored, not relayed. The writer is told `locked`.
 * Also tells the server's own writers (KPI and trend values, quarantine)
 * that a published body is frozen: nothing changes it until it is unlocked.
 */
export function lockGate(locks: ReportLocks): RoomHooks {
  return {
    gateWrite: ({ room }) => (locks.isLocked(room.id) ? 'locked' : null),
    frozen: ({ room }) => locks.isFrozen(room.id),
  }
}
