/**
 * `npm run migrate-to-postgres -- --from <DATA_DIR>` against real services:
 * an embedded server writes reports (one published), a comment and a user,
 * and stops; the tool imports its folder into a fresh PostgreSQL database
 * and verifies it (exit 0), a second run changes nothing and says so, and a
 * server in cluster mode on that database (and a private Redis, with an
 * empty DATA_DIR of its own) serves the same reports, version bytes and
 * comments, signs the admin in with the same password and still accepts a
 * token the embedded server issued (the token secret came along), and an
 * API token created on the embedded server pushes a metric in the cluster
 * (its hash came along, verified by id and hash).
 */
import { spawn } from 'node:child_process'
import { rmSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { Api } from './helpers/api'
import { stopAndRemove } from './helpers/cleanup'
import { appendParagraph } from './helpers/doc'
import { createTestDatabase, type TestDatabase } from './helpers/postgres'
import { publishableReport } from './helpers/publishableReport'
import { RawClient } from './helpers/rawClient'
import { startRedis, type TestRedis } from './helpers/redis'
import { ADMIN_PASSWORD, startServer, tempDataDir, type TestServer } from './helpers/startServer'
import { waitUntil } from './helpers/wait'

const ROOT = path.resolve(import.meta.dirname, '..')

interface ToolRun {
  code: number | null
  out: string
}

/** Runs the tool as `npm run migrate-to-postgres` does (tsx), with `env` instead of the test's DATABASE_URL. */
function runTool(args: string[], env: Record<string, string | undefined>): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    const { DATABASE_URL: _ignored, ...base } = process.env
    const proc = spawn(process.execPath, ['--import', 'tsx', 'server/tools/migrateToPostgres.ts', ...args], {
      cwd: ROOT,
      env: { ...base, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()))
    proc.stderr.on('data', (d: Buffer) => (out += d.toString()))
    proc.on('error', reject)
    proc.on('exit', (code) => resolve({ code, out }))
  })
}

const withoutNulls = (value: unknown): unknown => JSON.parse(JSON.stringify(value, (_k, v: unknown) => (v === null ? undefined : v)))

describe('migrate-to-postgres', () => {
  let embedded: TestServer | undefined
  let cluster: TestServer | undefined
  let db: TestDatabase | undefined
  let redis: TestRedis | undefined

  afterAll(async () => {
    await stopAndRemove(cluster)
    await stopAndRemove(embedded)
    await redis?.kill()
    if (redis) rmSync(redis.dir, { recursive: true, force: true })
    await db?.drop()
  })

  it('imports a data folder once, verified, and a cluster serves it', async () => {
    embedded = await startServer({ env: { SNAPSHOT_INTERVAL_MS: '200' } })
    const admin = await Api.login(embedded.url)
    const bob = await admin.createUser('bob-migrate')

    const published = await admin.createReport('迁移 已发布', '2026-10')
    expect((await admin.call('PUT', `/api/reports/${published}/content`, publishableReport('2026-10'))).status).toBe(200)
    expect((await admin.call('POST', `/api/reports/${published}/publish`, {})).status).toBe(201)
    const draft = await admin.createReport('迁移 草稿', '2026-11')
    expect((await admin.call('PUT', `/api/reports/${draft}/content`, publishableReport('2026-11', { revenue: '123' }))).status).toBe(200)
    await admin.setRole(draft, bob.id, 'reviewer')
    const draftContent = (await admin.call('GET', `/api/reports/${draft}/content`)).body
    const sectionId = (draftContent.content as { type: string; attrs: { id: string } }[]).find((n) => n.type === 'reportSection')!.attrs.id
    const thread = await bob.api.call('POST', `/api/reports/${draft}/comments`, { anchor: { blockId: sectionId, quote: '重要事件' }, body: '请补充数据口径。' })
    expect(thread.status, JSON.stringify(thread.body)).toBe(201)

    // An edit over the socket, so that the draft has an autosaved snapshot.
    const client = RawClient.connect(embedded.wsUrl, draft, { token: admin.token })
    await client.waitSynced()
    client.edit((doc) => appendParagraph(doc, 'edited over the socket before the import'))
    await client.waitSaved()
    await waitUntil(
      async () => ((await admin.call('GET', `/api/reports/${draft}/history`)).body.snapshots?.length ?? 0) > 0,
      'an autosnapshot of the draft',
    )
    await client.end()
    // An API token of the folder (api-tokens.json); not used there, so that the report's content stays as read below.
    const apiToken = await admin.call<{ id: string; token: string }>('POST', '/api/tokens', {
      name: 'BI 日报',
      scope: { reports: [draft] },
      expiresAt: new Date(Date.now() + 90 * 24 * 3600 * 1000).toISOString(),
    })
    expect(apiToken.status, JSON.stringify(apiToken.body)).toBe(201)
    const before = {
      reports: (await admin.call('GET', '/api/reports')).body,
      published: (await admin.call('GET', `/api/reports/${published}/content`)).body,
      draft: (await admin.call('GET', `/api/reports/${draft}/content`)).body,
      version: await (await fetch(`${embedded.url}/api/reports/${published}/versions/1`, { headers: { authorization: `Bearer ${admin.token}` } })).text(),
      comments: (await admin.call('GET', `/api/reports/${draft}/comments`)).body,
      history: (await admin.call('GET', `/api/reports/${draft}/history`)).body,
    }
    expect(await embedded.stop()).toBe(0)

    db = await createTestDatabase()
    // Refused without either input.
    const noUrl = await runTool(['--from', embedded.dataDir], {})
    expect(noUrl.code).toBe(1)
    expect(noUrl.out).toContain('DATABASE_URL is not set')
    const noFrom = await runTool([], { DATABASE_URL: db.url })
    expect(noFrom.code).toBe(1)
    expect(noFrom.out).toContain('--from')

    const first = await runTool(['--from', embedded.dataDir], { DATABASE_URL: db.url })
    expect(first.code, first.out).toBe(0)
    expect(first.out).toMatch(/Imported: .*users.*the token secret/)
    expect(first.out).toMatch(/versions 1\/1 \(sha256 verified\), comments 1\/1, snapshots ([1-9]\d*)\/\1,/)
    expect(first.out).toContain('Verified: everything in the folder is in PostgreSQL.')
    expect(first.out).toContain('API tokens 1/1 (by id and hash)')
    const reportCount = Number(/Summary: reports (\d+)\/(\d+) \(content verified (\d+)\/(\d+)/.exec(first.out)![1])
    expect(first.out).toContain(`Summary: reports ${reportCount}/${reportCount} (content verified ${reportCount}/${reportCount})`)
    expect(reportCount).toBeGreaterThanOrEqual(3) // the demo report and ours

    const second = await runTool(['--from', embedded.dataDir], { DATABASE_URL: db.url })
    expect(second.code, second.out).toBe(0)
    expect(second.out).toContain('Nothing to import: PostgreSQL already holds everything')
    expect(second.out).not.toContain('Imported:')
    expect(second.out).toContain('Verified: everything in the folder is in PostgreSQL.')

    redis = await startRedis()
    cluster = await startServer({
      dataDir: tempDataDir(),
      env: { DATABASE_URL: db.url, REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'migrate:' },
    })
    // The embedded server's token still works: the token secret came along.
    const carried = new Api(cluster.url, admin.token)
    expect((await carried.call('GET', '/api/reports')).status).toBe(200)
    const again = await Api.login(cluster.url, 'admin', ADMIN_PASSWORD)
    // The metadata tables read absent optional fields back as null (archived, previous): the same reports otherwise.
    expect(withoutNulls((await again.call('GET', '/api/reports')).body)).toEqual(withoutNulls(before.reports))
    expect((await again.call('GET', `/api/reports/${published}/content`)).body).toEqual(before.published)
    expect((await again.call('GET', `/api/reports/${draft}/content`)).body).toEqual(before.draft)
    const version = await fetch(`${cluster.url}/api/reports/${published}/versions/1`, { headers: { authorization: `Bearer ${again.token}` } })
    expect(version.status).toBe(200)
    expect(await version.text()).toBe(before.version)
    expect((await again.call('GET', `/api/reports/${draft}/comments`)).body).toEqual(before.comments)
    expect((await again.call('GET', `/api/reports/${draft}/history`)).body.snapshots).toEqual(before.history.snapshots)
    // The published report is locked in the cluster too; the draft takes writes.
    const locked = await again.call('PUT', `/api/reports/${published}/content`, publishableReport('2026-10'))
    expect(locked.status).toBe(423)
    expect((await again.call('PUT', `/api/reports/${draft}/content`, publishableReport('2026-11'))).status).toBe(200)
    await Api.login(cluster.url, 'bob-migrate', 'tall-river-481')
    // The folder's API token authenticates a push in the cluster, and is listed there with its earlier use.
    const pushed = await new Api(cluster.url, apiToken.body.token).call('PUT', `/api/reports/${draft}/metrics`, { metrics: [{ key: 'revenue', current: 125 }] })
    expect(pushed.status, JSON.stringify(pushed.body)).toBe(200)
    expect(pushed.body).toMatchObject({ updated: ['revenue'] })
    const listed = (await again.call<{ id: string; lastUsedAt: string | null }[]>('GET', '/api/tokens')).body
    expect(listed.find((t) => t.id === apiToken.body.id)?.lastUsedAt).toEqual(expect.any(String))
    expect(await cluster.stop()).toBe(0)

    // The folder's server runs again and edits the draft, edited in the cluster too: a new run refuses and writes nothing.
    embedded = await startServer({ dataDir: embedded.dataDir })
    const back = await Api.login(embedded.url)
    expect((await back.call('PUT', `/api/reports/${draft}/content`, publishableReport('2026-11', { revenue: '999' }))).status).toBe(200)
    expect(await embedded.stop()).toBe(0)
    const third = await runTool(['--from', embedded.dataDir], { DATABASE_URL: db.url })
    expect(third.code, third.out).toBe(2)
    expect(third.out).toContain(`conflict: report ${draft}`)
    expect(third.out).toContain('nothing was written')
  }, 180_000)
})
