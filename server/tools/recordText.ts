/**
 * Metadata records and comment files as canonical text, so a record from
 * the data folder and the same record read back from PostgreSQL compare
 * equal (the import's "already there" and its verification): through the
 * same row mapping PgMetaStore uses, times as ISO strings with milliseconds,
 * object keys sorted (jsonb does not keep their order).
 */
import type { CommentFile } from '../comments/CommentStore'
import type { AuditEntry, MemberRecord, ReportRecord, UserRecord } from '../meta/MetaStore'
import { auditFromRow, auditRow, membersTable, reportsTable, usersTable } from '../meta/metaTables'
import { canonicalJson } from '../versions/canonicalJson'

const iso = (at: string): string => {
  const d = new Date(at)
  return Number.isNaN(d.getTime()) ? at : d.toISOString()
}

export const userText = (u: UserRecord): string => {
  const r = usersTable.fromRow(usersTable.toRow(u))
  return canonicalJson({ ...r, createdAt: iso(r.createdAt) })
}

export const reportText = (report: ReportRecord): string => {
  const r = reportsTable.fromRow(reportsTable.toRow(report))
  return canonicalJson({ ...r, createdAt: iso(r.createdAt) })
}

export const memberText = (m: MemberRecord): string => canonicalJson(membersTable.fromRow(membersTable.toRow(m)))

export const auditText = (e: AuditEntry): string => {
  const r = auditFromRow(auditRow(e))
  return canonicalJson({ ...r, at: iso(r.at) })
}

export const commentText = (f: CommentFile): string => canonicalJson({ ...f, rev: f.rev ?? 0 })
