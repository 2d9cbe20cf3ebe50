/**
 * Temp files are the first half of an atomic write (write, fsync, rename):
 * one that is still there when the server starts was left by a crash before
 * its rename, and the file it was meant to replace is intact. Readers never
 * open them; this removes them at boot so they do not pile up.
 *
 * Names: `<file>.tmp` (writeFileAtomic: snapshots, versions, comments,
 * history, the metadata) and `.<file>.tmp` (lowdb's steno writer, which
 * wrote meta.json before MetaStore wrote it itself).
 */
import { promises as fsp } from 'node:fs'
import path from 'node:path'

const TMP = /\.tmp$/

/**
 * Removes every `*.tmp` file in `dataDir` and its folders, `depth` levels
 * down (data/reports/<id>/ is 2). Only call it before anything writes:
 * a temp file of a write in progress must not be taken away.
 */
export async function removeStaleTempFiles(dataDir: string, depth = 2): Promise<string[]> {
  const removed: string[] = []
  const walk = async (dir: string, level: number): Promise<void> => {
    let entries
    try {
      entries = await fsp.readdir(dir, { withFileTypes: true })
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return
      throw err
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name)
      if (entry.isFile() && TMP.test(entry.name)) {
        await fsp.rm(full, { force: true })
        removed.push(path.relative(dataDir, full))
      } else if (entry.isDirectory() && level < depth) {
        await walk(full, level + 1)
      }
    }
  }
  await walk(dataDir, 0)
  return removed
}
