/**
 * The typed storage error (storage/storageErrors.ts) for a failed
 * PostgreSQL call, so the PostgreSQL stores raise what the file stores
 * raise and the HTTP edge maps both alike: a full disk (SQLSTATE 53100) is
 * a StorageFullError, any other refusal on a write a StorageWriteError, on a
 * read a StorageReadError. Errors already typed pass through. Only errors of
 * database calls go through here; a caller's own errors (a validation inside
 * a change) never do.
 */
import { StorageFullError, StorageReadError, StorageWriteError } from '../storage/storageErrors'
import { StorageLoadError } from '../storage/DocStore'

const DISK_FULL = '53100'

const reasonOf = (err: unknown): string => {
  const e = err as { code?: unknown; message?: unknown }
  const code = typeof e?.code === 'string' ? e.code : undefined
  const message = typeof e?.message === 'string' ? e.message : String(err)
  return code ? `${code}: ${message}` : message
}

const isTyped = (err: unknown) =>
  err instanceof StorageFullError || err instanceof StorageWriteError || err instanceof StorageReadError || err instanceof StorageLoadError

/** The error to throw for a database write that failed with `err`; `outcome` says what became of the request. */
export function pgWriteError(err: unknown, outcome = 'Nothing was changed.'): Error {
  if (isTyped(err)) return err as Error
  if ((err as { code?: unknown })?.code === DISK_FULL) {
    return new StorageFullError(`The database's disk is full: this could not be saved. ${outcome}`, { cause: err })
  }
  return new StorageWriteError(`The server cannot write its data (${reasonOf(err)}): this could not be saved. ${outcome}`, { cause: err })
}

/** The error to throw for a database read that failed with `err`. */
export function pgReadError(err: unknown, what: string): Error {
  if (isTyped(err)) return err as Error
  return new StorageReadError(`${what} cannot be read (${reasonOf(err)}); nothing was changed.`, { cause: err })
}
