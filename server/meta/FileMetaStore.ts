/**
 * The embedded MetaStore: users, reports, members and audit entries in one lowdb JSON file
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
import { SerialQueue } from '../storage/SerialQueue'
import { storageWriteError } from '../storage/storageErrors'
import { removeStaleTempFiles } from '../storage/tempFiles'
import { writeFileAtomic } from '../storage/writeFileAtomic'
import { MetaIndexes, memberKey } from './MetaIndexes'
import { emptyMeta, type MemberRecord, type MetaData, type MetaStore, type ReportRecord, type UserRecord } from './MetaStore'
import { PendingChanges, type PendingChange } from './PendingChanges'
import { migrateMeta } from './migrateMeta'

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

export class FileMetaStore implements MetaStore {
  private readonly queue = new SerialQueue()
  /** Changes applied in memory whose write has not succeeded yet, oldest first. */
  private readonly pending = new PendingChanges()
  /** See indexes(); dropped whenever the data changes (update, rollBack). */
  private index: MetaIndexes | null = null

  private constructor(
    private readonly db: Low<MetaData>,
    private readonly file: DurableJsonFile,
  ) {}

  /** Opens (or creates) the file. A file that does not parse stops the boot; it is never overwritten. */
  static async open(dataDir: string): Promise<FileMetaStore> {
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
    return new FileMetaStore(db, file)
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
    const entry = this.pending.add(change)
    await this.queue.run(() =>
      this.pending.writeCarrying(entry, async () => {
        try {
          await this.db.write()
        } catch (err) {
          const answer = storageWriteError(err)
          this.rollBack(entry, answer)
          throw answer
        }
      }),
    )
  }

  /** Back to the file's content, then the changes still waiting for their write, without `failed`. */
  private rollBack(failed: PendingChange, answer: unknown): void {
    const data = migrateMeta(JSON.parse(this.file.text!)).data
    this.pending.reapply(data, failed, answer)
    this.db.data = data
    this.index = null
  }

  private indexes(): MetaIndexes {
    return (this.index ??= new MetaIndexes(this.db.data))
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

  async close(): Promise<void> {
    await this.queue.idle()
  }
}
