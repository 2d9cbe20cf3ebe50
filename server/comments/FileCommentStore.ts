/**
 * The embedded CommentStore: comment threads of reports, one JSON file per
 * report, `<dataDir>/comments/<reportId>.json`. Every change is a read–change–write of that file,
 * one at a time per report, written atomically (temp file, fsync, rename,
 * fsync of the folder): once a change has been answered it survives a crash,
 * and a crash mid-write leaves the previous file. A change that throws
 * (validation against the current threads) writes nothing. A file that does
 * not parse is reported, never overwritten.
 */
import { promises as fsp } from 'node:fs'
import { ReportFiles } from '../storage/ReportFiles'
import { emptyCommentFile, isCommentFile, openThreadsOf, type CommentFile, type CommentStore } from './CommentStore'
import { StorageReadError, storageWriteError } from '../storage/storageErrors'
import { writeFileAtomic } from '../storage/writeFileAtomic'

export class FileCommentStore implements CommentStore {
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
    return openThreadsOf(await this.read(reportId))
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
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return emptyCommentFile()
      throw new StorageReadError(`The comments of this report cannot be read (${(err as Error).message}); nothing was changed.`)
    }
    let data: unknown
    try {
      data = JSON.parse(text)
    } catch {
      throw new StorageReadError('The comments file of this report is damaged; it was left untouched.')
    }
    if (!isCommentFile(data)) {
      throw new StorageReadError('The comments file of this report has an unknown shape; it was left untouched.')
    }
    return data
  }
}
