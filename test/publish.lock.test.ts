/**
 * Publish, lock and unlock against a real server: the check refuses a fresh
 * template report with 422 and names problems; the demo publishes; after
 * that a writer's socket update is not applied, not stored, not relayed,
 * REST writes answer 423; the version's bytes never change; unlock needs a
 * reason and starts v1.1.
 */
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ReportEvent } from '@schema/reportEvent'
import { Api } from './helpers/api'
import { stopAndRemove } from './helpers/cleanup'
import { appendParagraph, pmText } from './helpers/doc'
import { reportDir, sizesOf } from './helpers/files'
import { publishableReport } from './helpers/publishableReport'
import { RawClient } from './helpers/rawClient'
import { startServer, type TestServer } from './helpers/startServer'
import { quietPeriod, waitUntil } from './helpers/wait'

let server: TestServer
let admin: Api

const totalBytes = (dir: string) => Object.values(sizesOf(dir)).reduce((a, b) => a + b, 0)
const canonical = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(canonical)
    : v && typeof v === 'object'
      ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])]))
      : v

beforeAll(async () => {
  server = await startServer()
  admin = await Api.login(server.url)
})
afterAll(() => stopAndRemove(server))

describe('publish check', () => {
  it('refuses a fresh template report with 422 and problems naming codes and blocks', async () => {
    const id = await admin.createReport('Fresh', '2026-11')
    const check = await admin.call('POST', `/api/reports/${id}/check`)
    expect(check.status).toBe(200)
    expect(check.body.ok).toBe(false)
    const res = await admin.call('POST', `/api/reports/${id}/publish`, {})
    expect(res.status).toBe(422)
    const problems = res.body.problems as { code: string; severity: string; message: string; blockId?: string; section?: string }[]
    expect(problems.length).toBeGreaterThan(3)
    expect(problems.every((p) => /^[a-z_]+$/.test(p.code) && p.message.length > 0)).toBe(true)
    expect(problems.filter((p) => p.severity === 'error' && p.blockId).length).toBeGreaterThan(0)
    expect((await admin.call('GET', `/api/reports/${id}`)).body.status).toBe('draft')
    expect((await admin.call('GET', `/api/reports/${id}/versions`)).body).toEqual([])
  })

  it('publishes the demo report with 201, once', async () => {
    const demo = ((await admin.call('GET', '/api/reports')).body as { id: string; series: string }[]).find((r) => r.series === 'east-cs')!
    const res = await admin.call('POST', `/api/reports/${demo.id}/publish`, { note: '十月终版' })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    expect(res.body).toMatchObject({ version: '1', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) })
    expect((await admin.call('POST', `/api/reports/${demo.id}/publish`, {})).status).toBe(409)
  })
})

describe('a published report is locked', () => {
  let id: string
  let writerToken: string
  let first: Buffer
  let sha: string

  beforeAll(async () => {
    id = await admin.createReport('Lock', '2026-10')
    const writer = await admin.createUser('lock-writer')
    await admin.setRole(id, writer.id, 'editor')
    writerToken = writer.api.token!
    expect((await admin.call('PUT', `/api/reports/${id}/content`, publishableReport('2026-10'))).status).toBe(200)
  })

  it('drops a writer’s socket update on a connection opened before the publish: not applied, stored or relayed', async () => {
    const writer = RawClient.connect(server.wsUrl, id, { token: writerToken })
    const reader = RawClient.connect(server.wsUrl, id, { token: admin.token })
    await Promise.all([writer.waitSynced(), reader.waitSynced()])
    // The KPI recompute after load runs before the publish; it may change nothing, so there is no event to wait for.
    await quietPeriod(400, 'the KPI recompute after load')

    const published = await admin.call('POST', `/api/reports/${id}/publish`, {})
    expect(published.status, JSON.stringify(published.body)).toBe(201)
    sha = published.body.sha256
    await waitUntil(
      () => writer.events.some((e: ReportEvent) => e.type === 'status' && e.status === 'published'),
      'status event on the open connection',
    )
    const event = writer.events.findLast((e) => e.type === 'status')
    expect(event).toMatchObject({ status: 'published', version: '1', publishedBy: '管理员' })

    const stored = totalBytes(reportDir(server.dataDir, id))
    const before = (await admin.call('GET', `/api/reports/${id}/content`)).body
    const received = reader.updatesReceived.length
    writer.edit((doc) => appendParagraph(doc, 'written after publish'))
    await waitUntil(() => writer.notSaved.includes('locked'), 'writer told "locked"')
    // The server handled the write before it answered "locked"; a relay would have reached the reader before this.
    await reader.roundTrip()
    expect((await admin.call('GET', `/api/reports/${id}/content`)).body).toEqual(before)
    expect(pmText((await admin.call('GET', `/api/reports/${id}/content`)).body)).not.toContain('written after publish')
    expect(reader.updatesReceived.length).toBe(received)
    expect(totalBytes(reportDir(server.dataDir, id))).toBe(stored)
    await Promise.all([writer.end(), reader.end()])
  })

  it('answers 423 to REST writes', async () => {
    const res = await admin.call('PUT', `/api/reports/${id}/content`, publishableReport('2026-10'))
    expect(res.status).toBe(423)
    expect(res.body.error.code).toBe('locked')
  })

  it('serves the version as identical bytes, with the sha256 of its canonical content', async () => {
    const res = await fetch(`${server.url}/api/reports/${id}/versions/1`, { headers: { authorization: `Bearer ${admin.token}` } })
    first = Buffer.from(await res.arrayBuffer())
    const v = JSON.parse(first.toString('utf8'))
    expect(v.sha256).toBe(sha)
    expect(createHash('sha256').update(JSON.stringify(canonical(v.content))).digest('hex')).toBe(sha)
    expect(v.kpis.length).toBeGreaterThan(5)
    expect(v.html).toContain('<svg')
    const list = (await admin.call('GET', `/api/reports/${id}/versions`)).body
    expect(list).toEqual([expect.objectContaining({ version: '1', revision: 0, sha256: sha, publishedBy: '管理员' })])
  })

  it('unlock needs a reason; then v1.1 is a draft, edits work, and v1 stays byte-identical', async () => {
    expect((await admin.call('POST', `/api/reports/${id}/unlock`, {})).status).toBe(400)
    expect((await admin.call('POST', `/api/reports/${id}/unlock`, { reason: '  ' })).status).toBe(400)
    const unlocked = await admin.call('POST', `/api/reports/${id}/unlock`, { reason: '财务数据更正' })
    expect(unlocked.status).toBe(200)
    expect(unlocked.body).toEqual({ status: 'draft', revision: 1 })

    const writer = RawClient.connect(server.wsUrl, id, { token: writerToken })
    await writer.waitSynced()
    writer.edit((doc) => appendParagraph(doc, 'amendment text'))
    await writer.waitSaved()
    await writer.end()
    expect(pmText((await admin.call('GET', `/api/reports/${id}/content`)).body)).toContain('amendment text')

    const again = await fetch(`${server.url}/api/reports/${id}/versions/1`, { headers: { authorization: `Bearer ${admin.token}` } })
    expect(Buffer.from(await again.arrayBuffer()).equals(first)).toBe(true)

    const v11 = await admin.call('POST', `/api/reports/${id}/publish`, {})
    expect(v11.status, JSON.stringify(v11.body)).toBe(201)
    expect(v11.body.version).toBe('1.1')
    const list = (await admin.call('GET', `/api/reports/${id}/versions`)).body as { version: string }[]
    expect(list.map((v) => v.version)).toEqual(['1', '1.1'])
    const third = await fetch(`${server.url}/api/reports/${id}/versions/1`, { headers: { authorization: `Bearer ${admin.token}` } })
    expect(Buffer.from(await third.arrayBuffer()).equals(first)).toBe(true)
  })

  it('only the owner publishes and unlocks; unknown versions are 404, malformed ones 400', async () => {
    const editor = await admin.createUser('lock-editor2')
    await admin.setRole(id, editor.id, 'editor')
    expect((await editor.api.call('POST', `/api/reports/${id}/unlock`, { reason: 'x' })).status).toBe(403)
    expect((await editor.api.call('POST', `/api/reports/${id}/publish`, {})).status).toBe(403)
    expect((await admin.call('GET', `/api/reports/${id}/versions/1.7`)).status).toBe(404)
    expect((await admin.call('GET', `/api/reports/${id}/versions/7`)).status).toBe(400)
    expect((await admin.call('GET', `/api/reports/${id}/versions/..%2Fmeta`)).status).toBe(400)
  })

  it('keeps the published state and the version across a crash and restart', async () => {
    await server.kill()
    server = await startServer({ dataDir: server.dataDir })
    admin = await Api.login(server.url)
    expect((await admin.call('GET', `/api/reports/${id}`)).body).toMatchObject({ status: 'published', revision: 1 })
    const bytes = await fetch(`${server.url}/api/reports/${id}/versions/1`, { headers: { authorization: `Bearer ${admin.token}` } })
    expect(Buffer.from(await bytes.arrayBuffer()).equals(first)).toBe(true)
  })
})
