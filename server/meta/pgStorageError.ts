/**
 * The typed storage error for a PostgreSQL write that failed with `err`
 * (server/storage/storageErrors.ts): a full disk (SQLSTATE 53100) is a
 * StorageFullError, anything else — a refused row (unique username: 23505),
 * a lost connection, a server that is down — a StorageWriteError whose
 * message says what happened to the request. Already typed errors pass through.
 */
import { StorageFullError, StorageWriteError } from '../storage/storageErrors'

export function pgStorageError(err: unknown, outcome = 'Nothing was changed.'): Error {
  if (err instanceof StorageFullError || err instanceof StorageWriteError) return err
  const { code, constraint, message } = (err ?? {}) as { code?: unknown; constraint?: unknown; message?: unknown }
  if (code === '53100') return new StorageFullError(`The database's disk is full: this could not be saved. ${outcome}`, { cause: err })
  if (code === '23505') {
    return new StorageWriteError(`The database refused a duplicate (${String(constraint ?? 'unique key')}): this could not be saved. ${outcome}`, {
      cause: err,
    })
  }
  const why = typeof code === 'string' ? `${code}: ${String(message)}` : String(message ?? err)
  return new StorageWriteError(`The database could not save this (${why}). ${outcome}`, { cause: err })
}
