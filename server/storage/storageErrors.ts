/**
 * The typed errors a store throws when the disk refuses: a full disk is a
 * StorageFullError, any other file-system refusal on a write (read-only
 * folder, permissions, I/O error) a StorageWriteError, stored data a store
 * cannot read and will not touch a StorageReadError (StorageLoadError, in
 * DocStore.ts, for a report's document). Their messages say what happened to
 * the request. Stores know nothing of HTTP: the one mapping to statuses and
 * codes is server/http/storageErrorResponse.ts.
 */

const FULL = new Set(['ENOSPC', 'EDQUOT'])

export function isFileSystemError(err: unknown): err is NodeJS.ErrnoException {
  return err instanceof Error && typeof (err as NodeJS.ErrnoException).code === 'string' && /^E[A-Z]+$/.test((err as NodeJS.ErrnoException).code!)
}

/** A write the disk refused for lack of space (ENOSPC, EDQUOT). */
export class StorageFullError extends Error {
  override name = 'StorageFullError'
}

/** A write the file system refused for another reason (EROFS, EACCES, EIO, …). */
export class StorageWriteError extends Error {
  override name = 'StorageWriteError'
}

/** Stored data (other than a report's document) that cannot be read; it was left untouched. */
export class StorageReadError extends Error {
  override name = 'StorageReadError'
}

/**
 * The error to throw for a write that failed with `err`. `outcome` tells the
 * caller what became of the request, e.g. "Nothing was changed." Errors that
 * are not file-system errors (a validation inside a store, an error already
 * typed) pass through unchanged.
 */
export function storageWriteError(err: unknown, outcome = 'Nothing was changed.'): unknown {
  if (!isFileSystemError(err)) return err
  const code = err.code!
  return FULL.has(code)
    ? new StorageFullError(`The server's disk is full: this could not be saved. ${outcome}`, { cause: err })
    : new StorageWriteError(`The server cannot write its data (${code}): this could not be saved. ${outcome}`, { cause: err })
}
