/**
 * How a failed durable write is answered over REST: a full disk is
 * 507 `storage_full`, any other file-system refusal (read-only folder,
 * permissions, I/O error) 500 `storage_failed`, each with a message that
 * says what happened to the request. Errors that are not file-system
 * errors (a validation inside a store, an AppError) pass through unchanged.
 */
import { AppError } from '../errors'

const FULL = new Set(['ENOSPC', 'EDQUOT'])

export function isFileSystemError(err: unknown): err is NodeJS.ErrnoException {
  return err instanceof Error && typeof (err as NodeJS.ErrnoException).code === 'string' && /^E[A-Z]+$/.test((err as NodeJS.ErrnoException).code!)
}

/**
 * The error to throw for a write that failed with `err`. `outcome` tells the
 * caller what became of the request, e.g. "Nothing was changed."
 */
export function storageWriteError(err: unknown, outcome = 'Nothing was changed.'): unknown {
  if (err instanceof AppError || !isFileSystemError(err)) return err
  const wrapped = FULL.has(err.code!)
    ? new AppError(507, 'storage_full', `The server's disk is full: this could not be saved. ${outcome}`)
    : new AppError(500, 'storage_failed', `The server cannot write its data (${err.code}): this could not be saved. ${outcome}`)
  wrapped.cause = err
  return wrapped
}
