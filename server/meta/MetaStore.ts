/**
 * Users, reports, members and audit entries in one lowdb JSON file
 * (`<dataDir>/meta.json`), written only by this process. Yjs updates never
 * go here: see storage/.
 *
 * Writes go through writeFileAtomic (temp file, fsync, rename, fsync of the
 * folder), not lowdb's own writer (steno: temp file and rename, no fsync): a
 * crash, even a power cut, leaves the old or the new file, both parseable,
 * and an answered change is on disk. Temp files left by a crash are removed
 * at open and never read.
 *
 * A change is visible in memory at once (callers check and change in one
 * step, as before) and is taken back if its write fails: a REST call that
 * answers an error has changed nothing, not even until the next write.
 */
import { promises as fsp } from 'node:fs'
import path from 'node:path'
import { Low, type Adapter } from 'lowdb'
import type { Role } from '@schema/roles'
import type { Locale } from '@schema/templates/ReportTemplate'
import { SerialQueue } from '../storage/SerialQueue'
import { storageWriteError } from '../storage/storageErrors'
import { removeStaleTempFiles } from '../storage/tempFiles'
import { writeFileAtomic } from '../storage/writeFileAtomic'
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

/** One stored audit entry, written by audit() (./audit.ts), which names the actions; older files may hold others. */
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

/** lowdb adapter: the JSON file, written durably. Remembers the text it last read or wrote. */
class DurableJsonFile implements Adapter<MetaData> {
  /** The file's content as on disk: what a failed change is rolled back to. */
  text: string | null = null

  constructor(private readonly file: string) {}

  async read(): Promise<MetaData | null> {
    try {
      this.text = await fsp.readFile(this.file, 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw err
    }
    return JSON.parse(this.text) as MetaData
  }

  async write(data: MetaData): Promise<void> {
    const text = JSON.stringify(data, null, 2)
    await writeFileAtomic(this.file, Buffer.from(text, 'utf8'))
    this.text = text
  }
}

interface PendingChange {
  change: (data: MetaData) => void
  /** Set when a rollback could not apply the change again: it is refused with this. */
  error?: unknown
}

interface MetaIndexes {
  users: Map<string, UserRecord>
  reports: Map<string, ReportRecord>
  /** memberKey(reportId, userId) → role */
  roles: Map<string, Role>
}

const memberKey = (reportId: string, userId: string) => `${reportId}\u0000${userId}`

export class MetaStore {
  private readonly queue = new SerialQueue()
  /** Changes applied in memory whose write has not succeeded yet, oldest first. */
  private pending: PendingChange[] = []
  /** See indexes(); dropped whenever the data changes (update, rollBack). */
  private index: MetaIndexes | null = null

  private constructor(
    private readonly db: Low<MetaData>,
    private readonly file: DurableJsonFile,
  ) {}

  /** Opens (or creates) the file. A file that does not parse stops the boot; it is never overwritten. */
  static async open(dataDir: string): Promise<MetaStore> {
    await fsp.mkdir(dataDir, { recursive: true })
    // First thing at boot, before anything writes: every temp file in the
    // data folder is a crash leftover (of any store), and none is ever read.
    const stale = await removeStaleTempFiles(dataDir)
    if (stale.length > 0) console.warn(`[boot] removed temp files left by a crash: ${stale.join(', ')}`)
    const file = new DurableJsonFile(path.join(dataDir, 'meta.json'))
    const db = new Low<MetaData>(file, emptyMeta())
    try {
      await db.read()
    } catch (err) {
      throw new Error(`${path.join(dataDir, 'meta.json')} cannot be read (${(err as Error).message}); fix or restore it, it was left untouched`, {
        cause: err,
      })
    }
    const migrated = migrateMeta(db.data)
    db.data = migrated.data
    if (migrated.changed || file.text === null) await db.write()
    return new MetaStore(db, file)
  }

  get data(): Readonly<MetaData> {
    return this.db.data
  }

  /**
   * Changes the data (at once, in memory) and writes the file; callers
   * validate before calling. Writes go one at a time; a write carries every
   * change made so far, so changes made while one is written share the next.
   * If the write fails, the change is taken back (the others still waiting
   * are kept) and the promise rejects with a StorageFullError or StorageWriteError.
   */
  async update(change: (data: MetaData) => void): Promise<void> {
    try {
      change(this.db.data)
    } finally {
      this.index = null
    }
    const entry: PendingChange = { change }
    this.pending.push(entry)
    await this.queue.run(async () => {
      if (entry.error) throw entry.error
      if (!this.pending.includes(entry)) return // an earlier write carried it
      const carried = [...this.pending]
      try {
        await this.db.write()
      } catch (err) {
        const answer = storageWriteError(err)
        this.rollBack(entry, answer)
        throw answer
      }
      this.pending = this.pending.filter((p) => !carried.includes(p))
    })
  }

  /** Back to the file's content, then the changes still waiting for their write, without `failed`. */
  private rollBack(failed: PendingChange, answer: unknown): void {
    const data = migrateMeta(JSON.parse(this.file.text!)).data
    const kept: PendingChange[] = []
    for (const p of this.pending) {
      if (p === failed) continue
      try {
        p.change(data)
        kept.push(p)
      } catch {
        p.error = answer // it depended on the change taken back
      }
    }
    this.pending = kept
    this.db.data = data
    this.index = null
  }

  /**
   * Lookups by id, built from the data on first use after a change. The
   * socket asks for a user's role on every keystroke (roleGate), and a
   * server holds thousands of memberships: a scan per keystroke would grow
   * with the whole server's data.
   */
  private indexes(): MetaIndexes {
    if (this.index) return this.index
    const { users, reports, members } = this.db.data
    const index: MetaIndexes = { users: new Map(), reports: new Map(), roles: new Map() }
    // The first record wins, as Array.find did.
    for (const u of users) if (!index.users.has(u.id)) index.users.set(u.id, u)
    for (const r of reports) if (!index.reports.has(r.id)) index.reports.set(r.id, r)
    for (const m of members) {
      const key = memberKey(m.reportId, m.userId)
      if (!index.roles.has(key)) index.roles.set(key, m.role)
    }
    return (this.index = index)
  }

  userById(id: string): UserRecord | undefined {
    return this.indexes().users.get(id)
  }

  userByName(username: string): UserRecord | undefined {
    return this.db.data.users.find((u) => u.username === username)
  }

  report(id: string): ReportRecord | undefined {
    return this.indexes().reports.get(id)
  }

  roleOf(reportId: string, userId: string): Role | undefined {
    return this.indexes().roles.get(memberKey(reportId, userId))
  }

  membersOf(reportId: string): MemberRecord[] {
    return this.db.data.members.filter((m) => m.reportId === reportId)
  }
}

export function emptyMeta(): MetaData {
  return { version: META_VERSION, users: [], reports: [], members: [], audit: [] }
}
