/** Every typed storage error has one answer (status, code, message); other errors are not storage errors. */
import { describe, expect, it } from 'vitest'
import { AppError } from '../errors'
import { StorageLoadError } from '../storage/DocStore'
import { StorageFullError, StorageReadError, storageWriteError, StorageWriteError } from '../storage/storageErrors'
import { VersionDamagedError } from '../versions/VersionStore'
import { storageErrorResponse } from './storageErrorResponse'

const fsError = (code: string) => Object.assign(new Error(`${code}: refused`), { code })
const answer = (err: unknown) => {
  const e = storageErrorResponse(err)
  return e && { status: e.status, code: e.code, message: e.message }
}

describe('storageErrorResponse', () => {
  it('a full disk: 507 storage_full with what became of the request', () => {
    for (const code of ['ENOSPC', 'EDQUOT']) {
      const err = storageWriteError(fsError(code), 'The report was not created.')
      expect(err).toBeInstanceOf(StorageFullError)
      expect((err as Error).cause).toMatchObject({ code })
      expect(answer(err)).toEqual({ status: 507, code: 'storage_full', message: "The server's disk is full: this could not be saved. The report was not created." })
    }
  })

  it('another refused write: 500 storage_failed naming the errno', () => {
    const err = storageWriteError(fsError('EROFS'))
    expect(err).toBeInstanceOf(StorageWriteError)
    expect(answer(err)).toEqual({ status: 500, code: 'storage_failed', message: 'The server cannot write its data (EROFS): this could not be saved. Nothing was changed.' })
  })

  it('unreadable data: 500 storage_failed; a report or version that does not load never shows its file names', () => {
    expect(answer(new StorageReadError('The comments file of this report is damaged; it was left untouched.'))).toEqual({
      status: 500,
      code: 'storage_failed',
      message: 'The comments file of this report is damaged; it was left untouched.',
    })
    for (const err of [new StorageLoadError('snapshot 3 of rX is damaged'), new VersionDamagedError('v1.0.json of rX')]) {
      expect(answer(err)).toEqual({ status: 500, code: 'storage_failed', message: 'The report could not be loaded; nothing was changed.' })
    }
  })

  it('anything else is not a storage error', () => {
    expect(storageErrorResponse(new Error('x'))).toBeUndefined()
    expect(storageErrorResponse(new AppError(409, 'conflict', 'x'))).toBeUndefined()
    expect(storageWriteError(new Error('version exists'))).toMatchObject({ message: 'version exists' })
  })
})
