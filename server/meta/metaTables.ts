/**
 * How each kind of metadata record is stored in PostgreSQL (tables of
 * migration m002_meta): its key, its row for `jsonb_to_recordset`, the
 * record read back from a row, and the statements PgMetaStore runs. Times
 * are timestamptz and read back as ISO strings (toISOString); optional
 * nested fields are jsonb, read back as null when absent (versionDigests:
 * left out). Fields a record type does not declare are not stored.
 */
import type { Role } from '@schema/roles'
import type { Locale } from '@schema/templates/ReportTemplate'
import type { AuditEntry, MemberRecord, MetaData, ReportRecord, UserRecord } from './MetaStore'

/** One table of records with a key (users, reports, members); the audit log is append-only and handled apart. */
export interface MetaTable<R> {
  kind: 'user' | 'report' | 'member'
  records(data: MetaData): R[]
  /** The record's key as text: its id, or a member's [reportId, userId] as JSON (also its tombstone key). */
  key(record: R): string
  toRow(record: R): Record<string, unknown>
  fromRow(row: Record<string, unknown>): R
  /** $1: a jsonb array of rows (toRow), $2: meta_rev. */
  upsertSql: string
  /** $1: keys (text[]). */
  deleteSql: string
  /** $1: meta_rev; rows written after it (0: all), in the order they were first written. */
  selectSql: string
}

const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : String(v))

export const usersTable: MetaTable<UserRecord> = {
  kind: 'user',
  records: (d) => d.users,
  key: (u) => u.id,
  toRow: (u) => ({
    id: u.id,
    username: u.username,
    display_name: u.displayName,
    color: u.color,
    password_hash: u.passwordHash,
    admin: u.admin,
    token_version: u.tokenVersion,
    created_at: u.createdAt,
    active: u.active,
  }),
  fromRow: (r) => ({
    id: r.id as string,
    username: r.username as string,
    displayName: r.display_name as string,
    color: r.color as string,
    passwordHash: r.password_hash as string,
    admin: r.admin as boolean,
    tokenVersion: r.token_version as number,
    createdAt: iso(r.created_at),
    active: r.active as boolean,
  }),
  upsertSql: `
    INSERT INTO users (id, username, display_name, color, password_hash, admin, token_version, created_at, active, meta_rev)
    SELECT id, username, display_name, color, password_hash, admin, token_version, created_at, active, $2
    FROM jsonb_to_recordset($1::jsonb) AS r(id text, username text, display_name text, color text, password_hash text,
      admin boolean, token_version integer, created_at timestamptz, active boolean)
    ON CONFLICT (id) DO UPDATE SET username = EXCLUDED.username, display_name = EXCLUDED.display_name, color = EXCLUDED.color,
      password_hash = EXCLUDED.password_hash, admin = EXCLUDED.admin, token_version = EXCLUDED.token_version,
      created_at = EXCLUDED.created_at, active = EXCLUDED.active, meta_rev = EXCLUDED.meta_rev`,
  deleteSql: 'DELETE FROM users WHERE id = ANY($1::text[])',
  selectSql: 'SELECT * FROM users WHERE meta_rev > $1 ORDER BY ord',
}

export const reportsTable: MetaTable<ReportRecord> = {
  kind: 'report',
  records: (d) => d.reports,
  key: (r) => r.id,
  toRow: (r) => ({
    id: r.id,
    title: r.title,
    period: r.period,
    series: r.series,
    template: r.template,
    locale: r.locale,
    status: r.status,
    revision: r.revision,
    created_by: r.createdBy,
    created_at: r.createdAt,
    published: r.published ?? null,
    version_digests: r.versionDigests ?? null,
    previous: r.previous ?? null,
    archived: r.archived ?? null,
  }),
  fromRow: (r) => ({
    id: r.id as string,
    title: r.title as string,
    period: r.period as string,
    series: r.series as string,
    template: r.template as string,
    locale: r.locale as Locale,
    status: r.status as ReportRecord['status'],
    revision: r.revision as number,
    createdBy: r.created_by as string,
    createdAt: iso(r.created_at),
    published: (r.published ?? null) as ReportRecord['published'],
    ...(r.version_digests != null ? { versionDigests: r.version_digests as Record<string, string> } : {}),
    previous: (r.previous ?? null) as ReportRecord['previous'],
    archived: (r.archived ?? null) as ReportRecord['archived'],
  }),
  upsertSql: `
    INSERT INTO reports (id, title, period, series, template, locale, status, revision, created_by, created_at,
      published, version_digests, previous, archived, meta_rev)
    SELECT id, title, period, series, template, locale, status, revision, created_by, created_at,
      published, version_digests, previous, archived, $2
    FROM jsonb_to_recordset($1::jsonb) AS r(id text, title text, period text, series text, template text, locale text,
      status text, revision integer, created_by text, created_at timestamptz, published jsonb, version_digests jsonb,
      previous jsonb, archived jsonb)
    ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title, period = EXCLUDED.period, series = EXCLUDED.series,
      template = EXCLUDED.template, locale = EXCLUDED.locale, status = EXCLUDED.status, revision = EXCLUDED.revision,
      created_by = EXCLUDED.created_by, created_at = EXCLUDED.created_at, published = EXCLUDED.published,
      version_digests = EXCLUDED.version_digests, previous = EXCLUDED.previous, archived = EXCLUDED.archived,
      meta_rev = EXCLUDED.meta_rev`,
  deleteSql: 'DELETE FROM reports WHERE id = ANY($1::text[])',
  selectSql: 'SELECT * FROM reports WHERE meta_rev > $1 ORDER BY ord',
}

export const membersTable: MetaTable<MemberRecord> = {
  kind: 'member',
  records: (d) => d.members,
  key: (m) => JSON.stringify([m.reportId, m.userId]),
  toRow: (m) => ({ report_id: m.reportId, user_id: m.userId, role: m.role }),
  fromRow: (r) => ({ reportId: r.report_id as string, userId: r.user_id as string, role: r.role as Role }),
  upsertSql: `
    INSERT INTO members (report_id, user_id, role, meta_rev)
    SELECT report_id, user_id, role, $2 FROM jsonb_to_recordset($1::jsonb) AS r(report_id text, user_id text, role text)
    ON CONFLICT (report_id, user_id) DO UPDATE SET role = EXCLUDED.role, meta_rev = EXCLUDED.meta_rev`,
  // Keys are JSON arrays: compared as jsonb, so their spelling does not matter.
  deleteSql: 'DELETE FROM members WHERE jsonb_build_array(report_id, user_id) = ANY($1::jsonb[])',
  selectSql: 'SELECT * FROM members WHERE meta_rev > $1 ORDER BY ord',
}

export const metaTables = [usersTable, reportsTable, membersTable] as const

export const auditSql = {
  /** $1: a jsonb array of auditRow()s, $2: meta_rev. */
  insert: `
    INSERT INTO audit (at, user_id, action, report_id, detail, meta_rev)
    SELECT at, user_id, action, report_id, detail, $2
    FROM jsonb_to_recordset($1::jsonb) AS r(at timestamptz, user_id text, action text, report_id text, detail jsonb)`,
  /** $1: meta_rev; entries written after it, oldest first. */
  select: 'SELECT * FROM audit WHERE meta_rev > $1 ORDER BY id',
}

export const auditRow = (e: AuditEntry) => ({
  at: e.at,
  user_id: e.userId,
  action: e.action,
  report_id: e.reportId ?? null,
  detail: e.detail ?? null,
})

export function auditFromRow(r: Record<string, unknown>): AuditEntry {
  return {
    at: iso(r.at),
    userId: r.user_id as string,
    action: r.action as string,
    ...(r.report_id != null ? { reportId: r.report_id as string } : {}),
    ...(r.detail != null ? { detail: r.detail } : {}),
  }
}
