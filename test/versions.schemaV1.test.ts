/**
 * Document schema versions on a running server. A version published by
 * older code (schema v1, test/fixtures/publishedVersion.v1.json) stays
 * byte for byte as published and is read by today's code: its exports
 * render, it diffs against today's draft, next month carries over from it.
 * A v1 report in the data folder is migrated when it loads (its content can
 * be PUT back); a published one stays as published until it is unlocked. A version or a report written by a newer server is refused
 * with 500 `schema_too_new`, never read as today's shape.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { JSONContent } from '@tiptap/core'
import type { PublishedVersion } from '@schema/versions/PublishedVersion'
import { CURRENT_SCHEMA_VERSION, META_FIELD, SCHEMA_VERSION_KEY } from '@schema/document/migrateDocument'
import { FileDocStore } from '../server/storage/FileDocStore'
import { Api } from './helpers/api'
import { stopAndRemove } from './helpers/cleanup'
import { publishableReport } from './helpers/publishableReport'
import { startServer, type TestServer } from './helpers/startServer'

const fixtureFile = path.join(__dirname, 'fixtures', 'publishedVersion.v1.json')
const v1 = JSON.parse(readFileSync(fixtureFile, 'utf8')) as PublishedVersion

async function create(api: Api, series: string, period = '2026-10'): Promise<string> {
  const created = await api.call('POST', '/api/reports', { title: `${series} ${period}`, period, series })
  expect(created.status, JSON.stringify(created.body)).toBe(201)
  return created.body.id as string
}

async function publishNew(api: Api, series: string): Promise<string> {
  const id = await create(api, series)
  expect((await api.call('PUT', `/api/reports/${id}/content`, publishableReport('2026-10'))).status).toBe(200)
  const published = await api.call('POST', `/api/reports/${id}/publish`, {})
  expect(published.status, JSON.stringify(published.body)).toBe(201)
  return id
}

const metricRows = (content: JSONContent): Record<string, unknown>[] => {
  const out: Record<string, unknown>[] = []
  const walk = (n: JSONContent) => {
    if (n.type === 'metricRow') out.push(n.attrs ?? {})
    n.content?.forEach(walk)
  }
  walk(content)
  return out
}

describe('schema versions on a running server', () => {
  let server: TestServer
  afterAll(() => stopAndRemove(server))

  it('reads a v1 published version and a v1 report with today’s code, and refuses future ones', async () => {
    server = await startServer()
    let admin = await Api.login(server.url)
    const published = await publishNew(admin, 'schema-v1')
    const future = await publishNew(admin, 'schema-future')
    const draft = await create(admin, 'schema-v1-draft')
    const futureDraft = await create(admin, 'schema-future-draft')
    // Today's publish records the version, in the file and in its frozen HTML.
    const today = (await admin.call('GET', `/api/reports/${future}/versions/1`)).body as PublishedVersion
    expect(today.schemaVersion).toBe(CURRENT_SCHEMA_VERSION)
    expect(today.html).toContain(`<meta name="report-schema-version" content="${CURRENT_SCHEMA_VERSION}">`)
    expect(await server.stop()).toBe(0)

    // Replace the files with ones older (and newer) code wrote.
    const versionFile = (id: string) => path.join(server.dataDir, 'versions', id, 'v1.json')
    const oldBytes = Buffer.from(JSON.stringify({ ...v1, reportId: published, series: 'schema-v1' }), 'utf8')
    writeFileSync(versionFile(published), oldBytes)
    writeFileSync(versionFile(future), JSON.stringify({ ...v1, reportId: future, series: 'schema-future', schemaVersion: CURRENT_SCHEMA_VERSION + 1 }))
    const metaFile = path.join(server.dataDir, 'meta.json')
    const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as { reports: { id: string; versionDigests?: unknown }[] }
    for (const r of meta.reports) if (r.id === published || r.id === future) delete r.versionDigests // adopted at boot, as files from before digests
    writeFileSync(metaFile, JSON.stringify(meta, null, 2))
    const store = new FileDocStore(server.dataDir)
    for (const id of [draft, published]) {
      rmSync(path.join(server.dataDir, 'reports', id), { recursive: true })
      await store.create(id, Buffer.from(v1.yjsState, 'base64'))
    }
    const newer = new Y.Doc()
    Y.applyUpdate(newer, Buffer.from(v1.yjsState, 'base64'))
    newer.getMap(META_FIELD).set(SCHEMA_VERSION_KEY, CURRENT_SCHEMA_VERSION + 1)
    rmSync(path.join(server.dataDir, 'reports', futureDraft), { recursive: true })
    await store.create(futureDraft, Y.encodeStateAsUpdate(newer))

    server = await startServer({ dataDir: server.dataDir })
    admin = await Api.login(server.url)

    // The v1 version: served byte for byte, its exports render, it diffs against today's draft.
    const raw = await fetch(`${server.url}/api/reports/${published}/versions/1`, { headers: { authorization: `Bearer ${admin.token}` } })
    expect(Buffer.from(await raw.arrayBuffer()).equals(oldBytes)).toBe(true)
    const html = await fetch(`${server.url}/api/reports/${published}/versions/1/export.html`, { headers: { authorization: `Bearer ${admin.token}` } })
    expect([html.status, await html.text()]).toEqual([200, v1.html])
    const md = await fetch(`${server.url}/api/reports/${published}/versions/1/export.md`, { headers: { authorization: `Bearer ${admin.token}` } })
    const mdText = await md.text()
    expect(md.status).toBe(200)
    expect(mdText).toContain('一次解决率')
    expect(mdText).toContain('92.1')
    expect(mdText).toContain(`report-schema-version: ${CURRENT_SCHEMA_VERSION}`)
    const diff = await admin.call('GET', `/api/reports/${published}/diff?from=v:1&to=live`)
    expect(diff.status, JSON.stringify(diff.body).slice(0, 300)).toBe(200)
    const back = await admin.call('GET', `/api/reports/${published}/diff?from=live&to=v:1`)
    expect(back.status).toBe(200)
    expect((await admin.call('GET', `/api/reports/${published}/history`)).body.versions).toHaveLength(1)

    // Next month carries over from the v1 version: last month's numbers arrive as today's text.
    const next = await admin.call('POST', '/api/reports', { title: 'schema-v1 2026-11', period: '2026-11', series: 'schema-v1' })
    expect(next.status, JSON.stringify(next.body)).toBe(201)
    expect(next.body.previous).toMatchObject({ reportId: published, version: '1' })
    const nextContent = (await admin.call('GET', `/api/reports/${next.body.id}/content`)).body as JSONContent
    expect(metricRows(nextContent).find((r) => r.key === 'fcr')).toMatchObject({ previous: '92.1' })

    // The v1 report was migrated at load: what GET answers can be PUT back (numbers would be refused today).
    const content = await admin.call('GET', `/api/reports/${draft}/content`)
    expect(content.status).toBe(200)
    const rows = metricRows(content.body as JSONContent)
    expect(rows.find((r) => r.key === 'fcr')).toMatchObject({ current: '92.1', target: '92' })
    expect(rows.every((r) => typeof r.current === 'string')).toBe(true)
    expect((await admin.call('PUT', `/api/reports/${draft}/content`, content.body)).status).toBe(200)
    expect(server.output()).toMatch(new RegExp(`report ${draft}: migrated from schema v1 to v${CURRENT_SCHEMA_VERSION}`))

    // A published body stays as it was published until it is unlocked; then it is a draft in today's shape.
    const fcrOf = async (id: string) => metricRows((await admin.call('GET', `/api/reports/${id}/content`)).body as JSONContent).find((r) => r.key === 'fcr')
    expect(await fcrOf(published)).toMatchObject({ current: 92.1 })
    expect((await admin.call('POST', `/api/reports/${published}/unlock`, { reason: 'amend the old report' })).status).toBe(200)
    expect(await fcrOf(published)).toMatchObject({ current: '92.1' })

    // From a newer server: refused with a clear error, never downgraded; listing still works.
    const futureMd = await admin.call('GET', `/api/reports/${future}/versions/1/export.md`)
    expect([futureMd.status, futureMd.body.error?.code]).toEqual([500, 'schema_too_new'])
    expect(futureMd.body.error.message).toMatch(/newer server/)
    expect((await admin.call('GET', `/api/reports/${future}/diff?from=v:1&to=live`)).body.error?.code).toBe('schema_too_new')
    expect((await admin.call('GET', `/api/reports/${future}/versions`)).body).toHaveLength(1)
    const futureContent = await admin.call('GET', `/api/reports/${futureDraft}/content`)
    expect([futureContent.status, futureContent.body.error?.code]).toEqual([500, 'schema_too_new'])
  })
})
