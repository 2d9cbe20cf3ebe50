/**
 * The embedded CellHistoryStore: one append-only JSON-lines file per report,
 * `<dataDir>/cell-history/<reportId>.jsonl`, one entry a line. An append is
 * written and fdatasynced before it resolves, one at a time per report
 * (ReportFiles' queue); a new file's name is made durable by an fsync of the
 * folder. A crash mid-append can leave a torn last line: readers skip lines
 * that do not parse, and the next append of this process starts on a new
 * line, so one torn entry never takes the next one with it.
 */
import { promises as fsp } from 'node:fs'
import { ReportFiles } from '../storage/ReportFiles'
import { StorageReadError, storageWriteError } from '../storage/storageErrors'
import { fsyncDir, writeAll } from '../storage/writeFileAtomic'
import type { CellChange } from '@schema/api/cellHistoryApi'
import { cellChangeOf, isCellHistoryEntry, type CellHistoryEntry, type CellHistoryStore } from './CellHistoryStore'

const NEWLINE = 0x0a

export class FileCellHistoryStore implements CellHistoryStore {
  private readonly files: ReportFiles
  /** Reports whose file this process has appended to (its last line is known to be whole). */
  private readonly whole = new Set<string>()

  constructor(dataDir: string) {
    this.files = new ReportFiles(dataDir, 'cell-history', {
      invalidIdMessage: (reportId) => `invalid report id for cell history storage: ${reportId}`,
    })
  }

  append(reportId: string, entries: readonly CellHistoryEntry[]): Promise<void> {
    const file = this.files.fileOf(reportId, '.jsonl')
    if (entries.length === 0) return Promise.resolve()
    const text = entries.map((e) => JSON.stringify(e) + '\n').join('')
    return this.files.run(reportId, async () => {
      try {
        await this.files.ensureRoot()
        const fh = await fsp.open(file, 'a+', 0o600)
        let created = false
        try {
          const { size } = await fh.stat()
          created = size === 0
          let prefix = ''
          if (!this.whole.has(reportId) && size > 0) {
            const last = Buffer.alloc(1)
            await fh.read(last, 0, 1, size - 1)
            if (last[0] !== NEWLINE) prefix = '\n' // a torn last line, from a crash mid-append
          }
          await writeAll(fh, Buffer.from(prefix + text, 'utf8'))
          await fh.datasync()
        } finally {
          await fh.close()
        }
        if (created) await fsyncDir(this.files.root)
        this.whole.add(reportId)
      } catch (err) {
        throw storageWriteError(err, 'The change was made, but its history entry was not kept.')
      }
    })
  }

  read(reportId: string, blockId: string): Promise<CellChange[]> {
    const file = this.files.fileOf(reportId, '.jsonl')
    return this.files.run(reportId, async () => {
      let text: string
      try {
        text = await fsp.readFile(file, 'utf8')
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []
        throw new StorageReadError(`The history of this report cannot be read (${(err as Error).message}).`)
      }
      const out: CellChange[] = []
      for (const line of text.split('\n')) {
        // Cheap filter first: most lines of a report are other blocks'.
        if (line === '' || !line.includes(blockId)) continue
        let entry: unknown
        try {
          entry = JSON.parse(line)
        } catch {
          continue // a torn line (crash mid-append)
        }
        if (isCellHistoryEntry(entry) && entry.blockId === blockId) out.push(cellChangeOf(entry))
      }
      return out
    })
  }

  idle(): Promise<void> {
    return this.files.idle()
  }
}
