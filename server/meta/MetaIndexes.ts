/**
 * Lookups by id over the metadata, built on first use after a change and
 * dropped by the store whenever its data changes. The socket asks for a
 * user's role on every keystroke (roleGate), and a server holds thousands
 * of memberships: a scan per keystroke would grow with the whole server's data.
 * Shared by both MetaStore implementations.
 */
import type { Role } from '@schema/roles'
import type { MetaData, ReportRecord, UserRecord } from './MetaStore'

export const memberKey = (reportId: string, userId: string) => `${reportId}\u0000${userId}`

export class MetaIndexes {
  readonly users = new Map<string, UserRecord>()
  readonly reports = new Map<string, ReportRecord>()
  /** memberKey(reportId, userId) → role */
  readonly roles = new Map<string, Role>()

  constructor(data: Readonly<MetaData>) {
    // The first record wins, as Array.find did.
    for (const u of data.users) if (!this.users.has(u.id)) this.users.set(u.id, u)
    for (const r of data.reports) if (!this.reports.has(r.id)) this.reports.set(r.id, r)
    for (const m of data.members) {
      const key = memberKey(m.reportId, m.userId)
      if (!this.roles.has(key)) this.roles.set(key, m.role)
    }
  }
}
