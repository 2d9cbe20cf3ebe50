/**
 * The one way an audit entry is written. Every action the server records is
 * named in AUDIT_ACTIONS: the report actions are the ones the activity
 * drawer lists (schema/api/activityApi, one list for both), the others are
 * about accounts. `at` is now unless the caller already has the moment
 * (a report's createdAt, a version's publishedAt, an archive's at).
 */
import { ACTIVITY_ACTIONS } from '@schema/api/activityApi'
import type { AuditEntry, MetaData } from './MetaStore'

/** The actions about a report: each entry carries the report's id. */
export type ReportAuditAction = (typeof ACTIVITY_ACTIONS)[number]

/** The actions about an account (no report). */
export const USER_AUDIT_ACTIONS = [
  'user.deactivate',
  'user.reactivate',
  'user.password.reset',
  'user.password.change',
  'user.token.create',
  'user.token.revoke',
] as const
export type UserAuditAction = (typeof USER_AUDIT_ACTIONS)[number]

export const AUDIT_ACTIONS = [...ACTIVITY_ACTIONS, ...USER_AUDIT_ACTIONS] as const
export type AuditAction = ReportAuditAction | UserAuditAction

type Detail = Record<string, unknown>

/** What a caller says; `at` defaults to now. */
export type AuditInput = { userId: string; at?: string; detail?: Detail } & (
  | { action: ReportAuditAction; reportId: string }
  | { action: UserAuditAction; reportId?: never }
)

/** Appends one entry to the audit log; call it inside `meta.update`, with the change it records. */
export function audit(data: Pick<MetaData, 'audit'>, input: AuditInput, now: () => Date = () => new Date()): AuditEntry {
  const entry: AuditEntry = {
    at: input.at ?? now().toISOString(),
    userId: input.userId,
    action: input.action,
    ...(input.reportId !== undefined ? { reportId: input.reportId } : {}),
    ...(input.detail !== undefined ? { detail: input.detail } : {}),
  }
  data.audit.push(entry)
  return entry
}

/**
 * Copies entries another store already wrote (migrate-to-postgres brings an
 * embedded folder's log over), as they are: the only other way entries get
 * into a log. The log stays append-only.
 */
export function copyAuditEntries(data: Pick<MetaData, 'audit'>, entries: readonly AuditEntry[]): void {
  for (const entry of entries) data.audit.push(entry)
}
