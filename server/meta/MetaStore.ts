/**
 * Users, reports, members and audit entries in one lowdb JSON file
 * (`<dataDir>/meta.json`), written only by this process. lowdb writes through
 * a temp file and a rename, so a crash leaves the old or the new file, both
 * parseable. Yjs updates never go here: see storage/.
 */
import { promises as fsp } from 'node:fs'
import path from 'node:path'
import { Low } from 'lowdb'
import { JSONFile } from 'lowdb/node'
import type { Role } from '@schema/roles'
import type { Locale } from '@schema/templates/ReportTemplate'
import { META_VERSION, migrateMeta } from './migrateMeta'

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
  /** Where last month's data came from (monthly cycle); null when P−1 had no published report. */
  previous?: { reportId: string; period: string; version: string; carried: { metrics: number; actions: number; goals: number } } | null
}

export interface MemberRecord {
  reportId: string
  userId: string
  role: Role
}

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

export class MetaStore {
  private constructor(private readonly db: Low<MetaData>) {}

  /** Opens (or creates) the file. A file that does not parse stops the boot; it is never overwritten. */
  static async open(dataDir: string): Promise<MetaStore> {
    await fsp.mkdir(dataDir, { recursive: true })
    const file = path.join(dataDir, 'meta.json')
    const db = new Low<MetaData>(new JSONFile<MetaData>(file), emptyMeta())
    try {
      await db.read()
    } catch (err) {
      throw new Error(`${file} cannot be read (${(err as Error).message}); fix or restore it, it was left untouched`, {
        cause: err,
      })
    }
    const migrated = migrateMeta(db.data)
    db.data = migrated.data
    if (migrated.changed) await db.write()
    return new MetaStore(db)
  }

  get data(): Readonly<MetaData> {
    return this.db.data
  }

  /** Changes the data and writes the file; callers validate before calling. */
  async update(change: (data: MetaData) => void): Promise<void> {
    change(this.db.data)
    await this.db.write()
  }

  userById(id: string): UserRecord | undefined {
    return this.db.data.users.find((u) => u.id === id)
  }

  userByName(username: string): UserRecord | undefined {
    return this.db.data.users.find((u) => u.username === username)
  }

  report(id: string): ReportRecord | undefined {
    return this.db.data.reports.find((r) => r.id === id)
  }

  roleOf(reportId: string, userId: string): Role | undefined {
    return this.db.data.members.find((m) => m.reportId === reportId && m.userId === userId)?.role
  }

  membersOf(reportId: string): MemberRecord[] {
    return this.db.data.members.filter((m) => m.reportId === reportId)
  }
}

export function emptyMeta(): MetaData {
  return { version: META_VERSION, users: [], reports: [], members: [], audit: [] }
}
