/**
 * The one place a storage error becomes an HTTP answer (called by app.onError):
 *
 * - StorageFullError: 507 `storage_full`, the store's message
 * - StorageWriteError: 500 `storage_failed`, the store's message
 * - StorageReadError: 500 `storage_failed`, the store's message
 * - StorageLoadError (a report's document, or a version file, that cannot be
 *   read): 500 `storage_failed`, "The report could not be loaded; nothing was
 *   changed." (its own message names files, it is logged, not sent)
 *
 * Anything else is not a storage error: undefined.
 */
import { AppError, storageFailed } from '../errors'
import { StorageLoadError } from '../storage/DocStore'
import { StorageFullError, StorageReadError, StorageWriteError } from '../storage/storageErrors'

export function storageErrorResponse(err: unknown): AppError | undefined {
  if (err instanceof StorageFullError) return new AppError(507, 'storage_full', err.message)
  if (err instanceof StorageWriteError || err instanceof StorageReadError) return storageFailed(err.message)
  if (err instanceof StorageLoadError) return storageFailed('The report could not be loaded; nothing was changed.')
  return undefined
}
