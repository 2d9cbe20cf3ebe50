/**
 * Durable file writes: a file that must survive a crash whole (snapshots,
 * published versions, comment threads) is written to a temp file, fsynced,
 * renamed over the target and the folder fsynced, so a crash leaves the old
 * or the new file, never a torn one. Leftover `*.tmp` files are ignored by readers
 * and removed at boot (tempFiles.ts); a write that fails removes its own.
 */
import { constants as fsConstants, promises as fsp } from 'node:fs'
import path from 'node:path'
import { storageFault } from './faultInjection'

export async function fsyncDir(dir: string): Promise<void> {
  const fh = await fsp.open(dir, fsConstants.O_RDONLY)
  try {
    await fh.sync()
  } finally {
    await fh.close()
  }
}

export async function writeAll(fh: fsp.FileHandle, buf: Uint8Array): Promise<void> {
  let off = 0
  while (off < buf.length) {
    const { bytesWritten } = await fh.write(buf, off, buf.length - off)
    off += bytesWritten
  }
}

/** Writes `data` to `file` atomically: temp file, fsync, rename, fsync the folder. */
export async function writeFileAtomic(file: string, data: Uint8Array): Promise<void> {
  const tmp = `${file}.tmp`
  try {
    const fh = await fsp.open(tmp, 'w', 0o600)
    try {
      const fault = storageFault(path.basename(file))
      if (fault) {
        // A full disk usually takes part of the data before it refuses the rest.
        await writeAll(fh, data.subarray(0, data.length >> 1))
        throw fault
      }
      await writeAll(fh, data)
      await fh.sync()
    } finally {
      await fh.close()
    }
    await fsp.rename(tmp, file)
  } catch (err) {
    // A half-written temp file only takes space (on a full disk, space that is
    // needed); the target is untouched either way.
    await fsp.rm(tmp, { force: true }).catch(() => {})
    throw err
  }
  await fsyncDir(path.dirname(file))
}
