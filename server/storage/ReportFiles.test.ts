import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ReportFiles } from './ReportFiles'

const ID = 'rreportfilesreportfaa'
const OTHER = 'rreportfilesreportfab'

const dirs: string[] = []
const dataDir = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'report-files-'))
  dirs.push(dir)
  return dir
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('ReportFiles', () => {
  it('refuses a report id that is not one before building a path', () => {
    const files = new ReportFiles(dataDir(), 'things')
    expect(() => files.dir('../x')).toThrow('invalid report id "../x"')
    expect(() => files.fileOf('../x', '.json')).toThrow('invalid report id')
    const named = new ReportFiles(dataDir(), 'things', { invalidIdMessage: (id) => `no: ${id}` })
    expect(() => named.checkId('../x')).toThrow('no: ../x')
    expect(named.dir(ID)).toBe(path.join(named.root, ID))
  })

  it('runs the jobs of one report one after another, other reports alongside', async () => {
    const files = new ReportFiles(dataDir(), 'things')
    const log: string[] = []
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const first = files.run(ID, async () => {
      log.push('a1 start')
      await gate
      log.push('a1 end')
    })
    const second = files.run(ID, async () => {
      log.push('a2')
    })
    await files.run(OTHER, async () => {
      log.push('b1')
    })
    expect(log).toEqual(['a1 start', 'b1'])
    release()
    await Promise.all([first, second])
    expect(log).toEqual(['a1 start', 'b1', 'a1 end', 'a2'])
    // A failed job does not stop the next one.
    await expect(files.run(ID, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
    await expect(files.run(ID, async () => 'next')).resolves.toBe('next')
    await files.idle()
  })

  it('lists the captured names of the files matching the pattern, none without a folder', async () => {
    const files = new ReportFiles(dataDir(), 'things')
    expect(await files.names(ID, /^(x\d)\.json$/)).toEqual([])
    const dir = await files.ensureDir(ID)
    for (const name of ['x1.json', 'x2.json', 'x3.json.tmp', 'y1.json', 'notes.txt']) writeFileSync(path.join(dir, name), '{}')
    expect((await files.names(ID, /^(x\d)\.json$/)).sort()).toEqual(['x1', 'x2'])
  })

  it('writes atomically and leaves no temp file behind', async () => {
    const files = new ReportFiles(dataDir(), 'things')
    await files.write(ID, 'a.json', Buffer.from('{"a":1}'))
    await files.write(ID, 'a.json', Buffer.from('{"a":2}'))
    expect(readFileSync(path.join(files.dir(ID), 'a.json'), 'utf8')).toBe('{"a":2}')
    expect(readdirSync(files.dir(ID))).toEqual(['a.json'])
    await files.ensureRoot()
    await files.ensureRoot()
  })

  it('keeps a cached value per report until it is forgotten', () => {
    const files = new ReportFiles<string[]>(dataDir(), 'things')
    expect(files.cached(ID)).toBeUndefined()
    files.remember(ID, ['v1'])
    expect(files.cached(ID)).toEqual(['v1'])
    expect(files.cached(OTHER)).toBeUndefined()
    files.forget(ID)
    expect(files.cached(ID)).toBeUndefined()
  })
})
