/**
 * Users, reports, members and audit entries: the records and the store
 * interface every caller uses. Two implementations: FileMetaStore (one
 * lowdb JSON file, the embedded default) and PgMetaStore (PostgreSQL
 * tables, cluster mode). Both hold the data in memory, so reads are
 * synchronous; a change is applied in memory at once and then written.
 */
import type { Role } from '@schema/roles'
import type { Locale } from '@schema/templates/ReportTemplate'
import { META_VERSION } from './migrateMeta'

export interface UserRecord {
  id: string
  username: string
  displayName: string
  color: string
  passwordHash: string
  admin: boolean
  /** Bumped on logout-everywhere or password change: older tokens stop working. */
  tokenVersion: number
  createdAt: string
  /** False once an admin deactivated the account: no login, every token refused, sockets closed. */
  active: boolean
}

export interface ReportRecord {
  id: string
  title: string
  period: string
  series: string
  template: string
  locale: Locale
  status: 'draft' | 'published'
  /** 0 for the original, n while amendment v1.n is drafted or published. */
  revision: number
  createdBy: string
  createdAt: string
  /** The latest published version, if any. */
  published?: { version: string; publishedAt: string; publishedBy: { id: string; displayName: string } } | null
  /**
   * sha256 (hex) of each published version's file, by label, recorded when
   * it was published: a version file is served only while its bytes match
   * (VersionStore). Absent on records from before it was kept; filled at boot.
   */
  versionDigests?: Record<string, string>
  /** Where last month's data came from (monthly cycle); null when P−1 had no published report. */
  previous?: { reportId: string; period: string; version: string; carried: { metrics: number; issues?: number; actions: number; goals: number } } | null
  /**
   * Set while the report is archived (moved to the trash): out of every list, its sockets closed, its REST
   * answering 410; its owners (and admins) may restore it until ARCHIVE_RESTORE_DAYS have passed, then it is
   * hidden for good. Its files are never deleted. Null (or absent) while it is live.
   */
  archived?: { at: string; by: string } | null
}

export interface MemberRecord {
  reportId: string
  userId: string
  role: Role
}

/**
 * One stored audit entry, written by audit() (./audit.ts), which names the actions; older files may hold others.
 * Entries are only ever appended: a change never edits or removes one (PgMetaStore writes only new ones).
 */
export interface AuditEntry {
  at: string
  userId: string
  action: string
  reportId?: string
  detail?: unknown
}

export interface MetaData {
  version: number
  users: UserRecord[]
  reports: ReportRecord[]
  members: MemberRecord[]
  audit: AuditEntry[]
}

export interface MetaStore {
  /** Everything, as this process knows it now (its own changes at once, other processes' ones once received). */
  readonly data: Readonly<MetaData>
  /**
   * Changes the data (at once, in memory, synchronously) and writes it; callers
   * validate before calling. If the write fails, the change is taken back (the
   * others still waiting are kept when they still apply) and the promise
   * rejects with a StorageFullError or StorageWriteError.
   */
  update(change: (data: MetaData) => void): Promise<void>
  userById(id: string): UserRecord | undefined
  userByName(username: string): UserRecord | undefined
  report(id: string): ReportRecord | undefined
  roleOf(reportId: string, userId: string): Role | undefined
  membersOf(reportId: string): MemberRecord[]
  /**
   * Calls `listener` after changes made by other processes were read in (a
   * shared backend); a store with one writer never calls it. Returns a way to stop.
   */
  onExternalChange?(listener: () => void): () => void
  /** A shared backend: reads in what other processes committed before this call (read-your-writes across processes). */
  catchUp?(): Promise<void>
  /** Waits for the writes under way and stops listening for other processes' changes. */
  close(): Promise<void>
}

export function emptyMeta(): MetaData {
  return { version: META_VERSION, users: [], reports: [], members: [], audit: [] }
}
