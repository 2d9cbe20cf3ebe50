/**
 * The same disk-full promises as test/storage.faults.test.ts, on a real full
 * disk: the data folder on a 2 MB tmpfs, filled up by a file. Needs root
 * with the right to mount (a privileged container); skipped elsewhere, since
 * the fault-injection hook (STORAGE_FAULT_FILE) already proves the promises
 * everywhere. This test checks that a real ENOSPC takes the same paths.
 */
import { execFileSync } from 'node:child_process'
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Api } from '../helpers/api'
import { appendParagraph, pmText, type PmNode } from '../helpers/doc'
import { RawClient } from '../helpers/rawClient'
import { startServer, type TestServer } from '../helpers/startServer'

let mountPoint = ''
let mounted = false
const servers: TestServer[] = []

// Mounted in a hook, not at import: listing the tests must not leave a mount behind.
beforeAll(() => {
  mountPoint = mkdtempSync(path.join(os.tmpdir(), 'tmpfs-full-'))
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mountPoint], { stdio: 'ignore' })
    mounted = true
  } catch {
    // No right to mount here: the hook-based test covers the promises.
  }
})

afterAll(async () => {
  for (const s of servers) await s.kill()
  if (mounted) execFileSync('umount', [mountPoint], { stdio: 'ignore' })
  rmSync(mountPoint, { recursive: true, force: true })
})

/** Fills the file system holding `file` until it refuses (ENOSPC). */
function fill(file: string): void {
  const fd = openSync(file, 'w')
  const chunk = Buffer.alloc(16 * 1024, 7)
  try {
    for (;;) writeSync(fd, chunk)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err
  } finally {
    closeSync(fd)
  }
}

describe('a real full disk (tmpfs)', () => {
  it('edits are told not saved, REST answers 507, and everything is saved once space returns', async (ctx) => {
    if (!mounted) {
      console.log('[stress] tmpfs full-disk test skipped: mount is not allowed here')
      ctx.skip()
    }
    const dataDir = path.join(mountPoint, 'data')
    mkdirSync(dataDir)
    let server = await startServer({ dataDir, env: { SEED_DEMO: 'false', COMMIT_WINDOW_MS: '5' } })
    servers.push(server)
    const api = await Api.login(server.url)
    const reportId = await api.createReport('Real full disk')
    const raw = RawClient.connect(server.wsUrl, reportId, { token: api.token })
    await raw.waitSynced()
    raw.edit((d) => appendParagraph(d, 'saved-before'))
    await raw.waitSaved()

    const filler = path.join(mountPoint, 'filler')
    fill(filler)
    // Appends may still fit in a page already allocated: type until the disk refuses.
    let n = 0
    while (!raw.notSaved.includes('storage_failed') && n < 200) {
      raw.edit((d) => appendParagraph(d, `while-full-${n++}-${'x'.repeat(1000)}`))
      await new Promise((r) => setTimeout(r, 20))
    }
    expect(raw.notSaved, 'told storage_failed').toContain('storage_failed')
    const last = raw.writesSent
    expect(raw.saved).toBeLessThan(last)
    const refused = await api.call('POST', '/api/reports', { title: 'Never created', period: '2026-12' })
    expect(refused.status, JSON.stringify(refused.body)).toBe(507)
    expect(refused.body).toMatchObject({ error: { code: 'storage_full' } })

    rmSync(filler)
    await raw.waitSaved(last, 15_000)
    await server.kill()
    await raw.waitClosed()
    server = await startServer({ dataDir, port: server.port, env: { SEED_DEMO: 'false' } })
    servers.push(server)
    const res = await api.call<PmNode>('GET', `/api/reports/${reportId}/content`)
    expect(res.status).toBe(200)
    const text = pmText(res.body)
    expect(text).toContain('saved-before')
    for (let i = 0; i < n; i++) expect(text).toContain(`while-full-${i}-`)
    expect((await api.call<{ title: string }[]>('GET', '/api/reports')).body.map((r) => r.title)).not.toContain('Never created')
    raw.doc.destroy()
  })
})
