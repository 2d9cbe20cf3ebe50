/**
 * A fresh data folder per test with the storage fault hook pointed into it
 * (STORAGE_FAULT_FILE, server/storage/faultInjection.ts): `diskFull()`
 * makes every durable write fail with ENOSPC until `diskFixed()`. The
 * environment and the folder are restored after each test.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach } from 'vitest'

export function faultyDataDir(prefix: string) {
  const saved = process.env.STORAGE_FAULT_FILE
  const state = { dir: '', faultFile: '' }
  beforeEach(() => {
    state.dir = mkdtempSync(path.join(os.tmpdir(), prefix))
    state.faultFile = path.join(state.dir, 'FAULT')
    process.env.STORAGE_FAULT_FILE = state.faultFile
  })
  afterEach(() => {
    if (saved === undefined) delete process.env.STORAGE_FAULT_FILE
    else process.env.STORAGE_FAULT_FILE = saved
    rmSync(state.dir, { recursive: true, force: true })
  })
  return {
    get dir() {
      return state.dir
    },
    get faultFile() {
      return state.faultFile
    },
    diskFull: () => writeFileSync(state.faultFile, ''),
    diskFixed: () => rmSync(state.faultFile, { force: true }),
  }
}
