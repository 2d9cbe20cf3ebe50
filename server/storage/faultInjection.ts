/**
 * TEST-ONLY fault injection for the server's durable writes.
 *
 * With the environment variable `STORAGE_FAULT_FILE=<path>` set, every durable
 * write of the server fails the way a full disk fails *while that file
 * exists*: update-log appends and snapshots (FileDocStore), the metadata
 * (MetaStore), published versions, comment threads and history snapshots
 * (everything written through writeFileAtomic). The error is ENOSPC, or
 * EROFS when the file's text contains `EROFS` (a read-only data folder).
 * Deleting the file ends the fault; nothing needs restarting.
 *
 * Why a hook and not a real full disk: tests run as root in a container,
 * where permissions do not stop writes and mounting a small tmpfs needs
 * privileges a CI machine may not grant. The hook fails at the same calls a
 * real disk would (before or in the middle of a write), so the recovery
 * paths under test are the real ones.
 *
 * Unset (production), `storageFault` costs one environment lookup and
 * returns null.
 */
import { existsSync, readFileSync } from 'node:fs'

let warned = false

/**
 * The error a write of `what` must fail with now, or null. Write paths call
 * it right before touching the disk and throw what it returns.
 */
export function storageFault(what: string): NodeJS.ErrnoException | null {
  const file = process.env.STORAGE_FAULT_FILE
  if (!file) return null
  if (!warned) {
    warned = true
    console.warn(`[storage] STORAGE_FAULT_FILE is set (${file}): writes fail while that file exists. A test hook; never set it in production.`)
  }
  if (!existsSync(file)) return null
  let code = 'ENOSPC'
  try {
    if (readFileSync(file, 'utf8').includes('EROFS')) code = 'EROFS'
  } catch {
    // Removed between the two calls: the fault is ending, report the disk as full one last time.
  }
  const message = code === 'ENOSPC' ? 'no space left on device' : 'read-only file system'
  const err = new Error(`${code}: ${message} (injected by STORAGE_FAULT_FILE), write ${what}`) as NodeJS.ErrnoException
  err.code = code
  err.syscall = 'write'
  return err
}
