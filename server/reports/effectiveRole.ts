import type { Role } from '@schema/roles'
import type { MetaStore, UserRecord } from '../meta/MetaStore'

/**
 * A user's role on a report, read from the store on every call so that a
 * changed or removed membership takes effect at once (also on open sockets).
 * The admin manages every report as its owner would.
 */
export function effectiveRole(meta: MetaStore, reportId: string, user: UserRecord): Role | undefined {
  if (user.admin) return 'owner'
  return meta.roleOf(reportId, user.id)
}
