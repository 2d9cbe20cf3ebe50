/**
 * Damaged published-version files, on a running server and on a stopped one
 * that is started again: a version is served only if its bytes match the
 * sha256 recorded in the metadata at publish time. A truncated file, or one
 * with a single byte changed where the JSON still parses, answers 500
 * storage_failed (the version and its exports); the server boots; every
 * other version and report keeps working; a file restored from a backup is
 * served again. Version files published before the sha256 was recorded are
 * adopted at boot if they are whole.
 */
import { readFileSync, truncateSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { Api } from './helpers/api'
import { stopAndRemove } from './helpers/cleanup'
import { publishableReport } from './helpers/publishableReport'
import { startServer, type TestServer } from './helpers/startServer'

const versionFile = (server: TestServer, reportId: string, label = '1') => path.join(server.dataDir, 'versions', reportId, `v${label}.json`)

async function publishNew(api: Api, series: string, period = '2026-10'): Promise<string> {
  const created = await api.call('POST', '/api/reports', { title: `${series} ${period}`, period, series })
  expect(created.status, JSON.stringify(created.body)).toBe(201)
  const id = created.body.id as string
  expect((await api.call('PUT', `/api/reports/${id}/content`, publishableReport(period))).status).toBe(200)
  const published = await api.call('POST', `/api/reports/${id}/publish`, {})
  expect(published.status, JSON.stringify(published.body)).toBe(201)
  return id
}

/** Changes one letter inside the version's HTML: the file still parses as JSON, and its content sha256 still matches. */
function flipByteInHtml(file: string): void {
  const bytes = readFileSync(file)
  let at = bytes.indexOf('"html":"') + 200
  while (!/[a-z]/.test(String.fromCharCode(bytes[at]!))) at++
  bytes[at] = bytes[at] === 0x61 ? 0x62 : 0x61
  writeFileSync(file, bytes)
  JSON.parse(bytes.toString('utf8')) // still JSON
}

function truncateToHalf(file: string): void {
  truncateSync(file, Math.floor(readFileSync(file).length / 2))
}

async function expectDamaged(api: Api, reportId: string, label = '1'): Promise<void> {
  for (const suffix of ['', '/export.html', '/export.md']) {
    const res = await api.call('GET', `/api/reports/${reportId}/versions/${label}${suffix}`)
    expect(res.status, `${suffix}: ${JSON.stringify(res.body).slice(0, 200)}`).toBe(500)
    expect(res.body.error.code).toBe('storage_failed')
  }
}

async function expectServed(api: Api, reportId: string, bytes?: Buffer, label = '1'): Promise<void> {
  const res = await fetch(`${api.baseUrl}/api/reports/${reportId}/versions/${label}`, { headers: { authorization: `Bearer ${api.token}` } })
  expect(res.status).toBe(200)
  const body = Buffer.from(await res.arrayBuffer())
  if (bytes) expect(body.equals(bytes)).toBe(true)
  for (const suffix of ['/export.html', '/export.md']) {
    expect((await api.call('GET', `/api/reports/${reportId}/versions/${label}${suffix}`)).status).toBe(200)
  }
}

describe('a damaged version file of a running server', () => {
  let server: TestServer
  afterAll(() => stopAndRemove(server))

  it('answers 500 storage_failed for that version only, and is served again once restored', async () => {
    server = await startServer()
    const admin = await Api.login(server.url)
    const a = await publishNew(admin, 'damaged-a')
    const b = await publishNew(admin, 'damaged-b')
    const original = readFileSync(versionFile(server, a))
    await expectServed(admin, a, original)

    truncateToHalf(versionFile(server, a))
    await expectDamaged(admin, a)
    flipByteInHtml(versionFile(server, b))
    await expectDamaged(admin, b)

    // Everything else works: the reports, their history, a new report and publish.
    expect((await admin.call('GET', `/api/reports/${a}`)).status).toBe(200)
    expect((await admin.call('GET', `/api/reports/${a}/content`)).status).toBe(200)
    expect((await admin.call('GET', `/api/reports/${a}/versions`)).status).toBe(200)
    expect((await admin.call('GET', `/api/reports/${a}/history`)).status).toBe(200)
    const diff = await admin.call('GET', `/api/reports/${a}/diff?from=v:1&to=live`)
    expect([diff.status, diff.body.error?.code]).toEqual([500, 'storage_failed'])
    const c = await publishNew(admin, 'damaged-c')
    await expectServed(admin, c)

    writeFileSync(versionFile(server, a), original)
    await expectServed(admin, a, original)
  })
})

describe('damaged version files of a stopped server', () => {
  let server: TestServer
  afterAll(() => stopAndRemove(server))

  it('boots, answers 500 for the damaged versions and serves everything else', async () => {
    server = await startServer()
    let admin = await Api.login(server.url)
    const truncated = await publishNew(admin, 'boot-a')
    const flipped = await publishNew(admin, 'boot-b')
    const intact = await publishNew(admin, 'boot-c')
    const legacy = await publishNew(admin, 'boot-d')
    const legacyTruncated = await publishNew(admin, 'boot-e')
    const original = readFileSync(versionFile(server, truncated))
    const intactBytes = readFileSync(versionFile(server, intact))
    const legacyBytes = readFileSync(versionFile(server, legacy))
    expect(await server.stop()).toBe(0)

    truncateToHalf(versionFile(server, truncated))
    flipByteInHtml(versionFile(server, flipped))
    // Two reports published before the sha256 of the file was recorded: one whole, one truncated.
    const metaFile = path.join(server.dataDir, 'meta.json')
    const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as { reports: { id: string; versionDigests?: unknown }[] }
    for (const r of meta.reports) if (r.id === legacy || r.id === legacyTruncated) delete r.versionDigests
    writeFileSync(metaFile, JSON.stringify(meta, null, 2))
    truncateToHalf(versionFile(server, legacyTruncated))

    server = await startServer({ dataDir: server.dataDir })
    admin = await Api.login(server.url)
    await expectDamaged(admin, truncated)
    await expectDamaged(admin, flipped)
    await expectDamaged(admin, legacyTruncated)
    await expectServed(admin, intact, intactBytes)
    await expectServed(admin, legacy, legacyBytes)
    expect(((await admin.call('GET', '/api/reports')).body as unknown[]).length).toBe(6) // five and the demo
    expect((await admin.call('GET', `/api/reports/${truncated}/versions`)).body).toEqual([])
    expect(server.output()).toMatch(/version file v1 is damaged/)

    // The next month cannot carry over from the damaged version: 500, nothing created, never a silent start from the template.
    const next = await admin.call('POST', '/api/reports', { title: 'boot-a 2026-11', period: '2026-11', series: 'boot-a' })
    expect([next.status, next.body.error?.code]).toEqual([500, 'storage_failed'])
    expect(((await admin.call('GET', '/api/reports')).body as unknown[]).length).toBe(6)

    // The sha256 recorded at publish vouches for a copy restored from a backup.
    writeFileSync(versionFile(server, truncated), original)
    await expectServed(admin, truncated, original)
    const retried = await admin.call('POST', '/api/reports', { title: 'boot-a 2026-11', period: '2026-11', series: 'boot-a' })
    expect(retried.status).toBe(201)
    expect(retried.body.previous).toMatchObject({ reportId: truncated, version: '1' })
  })
})
