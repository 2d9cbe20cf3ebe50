/**
 * Comment threads of reports, one JSON file per report:
 * `<dataDir>/comments/<reportId>.json`.
 *
 * Comments are not in the report's Y.Doc (a reviewer may comment while the
 * body refuses their writes, and a published body stays frozen), so they get
 * their own durable file. Every change is a read–change–write of that file,
 * one at a time per report, written atomically (temp file, fsync, rename,
 * fsync of the folder): once a change has been answered it survives a crash,
 * and a crash mid-write leaves the previous file. A change that throws
 * (validation against the current threads) writes nothing. A file that does
 * not parse is reported, never overwritten.
 */
import { promises as fsp } from 'node:fs'
import type { CommentAnchor } from '@schema/comments/CommentAnchor'
import { ReportFiles } from '../storage/ReportFiles'
import { StorageReadError, storageWriteError } from '../storage/storageErrors'
import { writeFileAtomic } from '../storage/writeFileAtomic'

/** Version of the stored file; bump with a named migration when the shape changes. */
export const COMMENT_FILE_VERSION = 1

export interface CommentRecord {
  id: string
  authorId: string
  /** Empty once deleted. */
  body: string
  /** User ids mentioned (members of the report when written). */
  mentions: string[]
  createdAt: string
  editedAt: string | null
  /**
   * A deleted first comment stays as a marker while replies exist, so the
   * replies keep the context of their thread; other deleted comments are removed.
   */
  deleted: boolean
}

export interface ThreadRecord {
  id: string
  anchor: CommentAnchor
  createdBy: string
  createdAt: string
  resolved: boolean
  resolvedBy: string | null
  resolvedAt: string | null
  /** The first one opened the thread; the others are replies, oldest first. */
  comments: CommentRecord[]
}

export interface CommentFile {
  version: typeof COMMENT_FILE_VERSION
  threads: ThreadRecord[]
  /** Per user, the ids of comments mentioning them that they have read. */
  reads: Record<string, string[]>
  /**
   * Counts the changes of this file (absent in files written before it: 0).
   * Views carry it (ThreadView.rev) so a client can tell the newer of two.
   */
  rev?: number
}

const emptyFile = (): CommentFile => ({ version: COMMENT_FILE_VERSION, threads: [], reads: {} })

export class CommentStore {
  private readonly files: ReportFiles

  constructor(dataDir: string) {
    this.files = new ReportFiles(dataDir, 'comments', {
      invalidIdMessage: (reportId) => `invalid report id for comment storage: ${reportId}`,
    })
  }

  /** The threads of a report (after every change queued before this call). */
  read(reportId: string): Promise<CommentFile> {
    return this.files.run(reportId, () => this.load(reportId))
  }

  /**
   * Runs `change` on the report's current threads and stores the result
   * durably before resolving, with `rev` counted up. If `change` throws,
   * nothing is written.
   */
  mutate<T>(reportId: string, change: (file: CommentFile) => T): Promise<T> {
    return this.files.run(reportId, async () => {
      const file = await this.load(reportId)
      const result = change(file)
      file.rev = (file.rev ?? 0) + 1
      try {
        await this.files.ensureRoot()
        // Through writeFileAtomic, which also fails on an injected storage fault (storage/faultInjection.ts).
        await writeFileAtomic(this.fileOf(reportId), new TextEncoder().encode(JSON.stringify(file)))
      } catch (err) {
        throw storageWriteError(err)
      }
      return result
    })
  }

  /** Threads not resolved yet, for the pre-publish check. */
  async openThreads(reportId: string): Promise<{ id: string; blockId: string }[]> {
    const file = await this.read(reportId)
    return file.threads.filter((t) => !t.resolved).map((t) => ({ id: t.id, blockId: t.anchor.blockId }))
  }

  /** Waits for every queued write (shutdown, tests). */
  idle(): Promise<void> {
    return this.files.idle()
  }

  /** Callers validate the id (reportAccess); this is a second fence before a path is built. */
  private fileOf(reportId: string): string {
    return this.files.fileOf(reportId, '.json')
  }

  private async load(reportId: string): Promise<CommentFile> {
    const file = this.fileOf(reportId)
    let text: string
    try {
      text = await fsp.readFile(file, 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return emptyFile()
      throw new StorageReadError(`The comments of this report cannot be read (${(err as Error).message}); nothing was changed.`)
    }
    let data: unknown
    try {
      data = JSON.parse(text)
    } catch {
      throw new StorageReadError('The comments file of this report is damaged; it was left untouched.')
    }
    const candidate = data as Partial<CommentFile> | null
    if (
      !candidate ||
      candidate.version !== COMMENT_FILE_VERSION ||
      !Array.isArray(candidate.threads) ||
      typeof candidate.reads !== 'object' ||
      candidate.reads === null ||
      (candidate.rev !== undefined && !Number.isSafeInteger(candidate.rev))
    ) {
      throw new StorageReadError('The comments file of this report has an unknown shape; it was left untouched.')
    }
    return candidate as CommentFile
  }
}
