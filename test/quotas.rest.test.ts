/**
 * Quotas against unbounded growth (issue 13), against a real server started
 * with small limits: reports per user per rolling day (admins exempt),
 * comment length, comments per report, snapshot restores per user per hour,
 * unlocks of published reports per user per day, member changes per user
 * per hour.
 * Each refusal answers `quota_exceeded` with a message naming the limit and
 * changes nothing. The rolling windows themselves are tested with an
 * injected clock in server/quotas/RollingQuota.test.ts.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ThreadView } from '../server/comments/threadView'
import { Api } from './helpers/api'
import { stopAndRemove } from './helpers/cleanup'
import { appendParagraph, type PmNode } from './helpers/doc'
import { publishableReport } from './helpers/publishableReport'
import { RawClient } from './helpers/rawClient'
import { startServer, type TestServer } from './helpers/startServer'
import { waitUntil } from './helpers/wait'

const LIMITS = {
  REPORTS_PER_USER_PER_DAY: 3,
  MAX_COMMENT_CHARS: 100,
  MAX_COMMENTS_PER_REPORT: 4,
  RESTORES_PER_USER_PER_HOUR: 2,
  UNLOCKS_PER_USER_PER_DAY: 1,
  MEMBER_CHANGES_PER_USER_PER_HOUR: 3,
}

let server: TestServer
let admin: Api

beforeAll(async () => {
  server = await startServer({
    env: { ...Object.fromEntries(Object.entries(LIMITS).map(([k, v]) => [k, String(v)])), SNAPSHOT_INTERVAL_MS: '200' },
  })
  admin = await Api.login(server.url)
})
afterAll(() => stopAndRemove(server))

const metaFile = () => JSON.parse(readFileSync(path.join(server.dataDir, 'meta.json'), 'utf8')) as { reports: unknown[]; audit: unknown[] }
const metaReports = () => metaFile().reports.length

describe('reports per user per day', () => {
  it('an ordinary user creates REPORTS_PER_USER_PER_DAY reports, then gets 429 quota_exceeded with Retry-After; others and admins are not held back', async () => {
    const user = await admin.createUser('quota-creator')
    for (let i = 0; i < LIMITS.REPORTS_PER_USER_PER_DAY; i++) {
      const res = await user.api.call('POST', '/api/reports', { title: `报告 ${i}`, period: '2026-11', series: `quota-${i}` })
      expect(res.status, JSON.stringify(res.body)).toBe(201)
    }
    const before = metaReports()
    const refused = await fetch(`${server.url}/api/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${user.api.token}` },
      body: JSON.stringify({ title: '一份太多', period: '2026-11', series: 'quota-x' }),
    })
    expect(refused.status).toBe(429)
    const retryAfter = Number(refused.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThan(23 * 3600)
    expect(retryAfter).toBeLessThanOrEqual(24 * 3600)
    const body = (await refused.json()) as { error: { code: string; message: string } }
    expect(body.error.code).toBe('quota_exceeded')
    expect(body.error.message).toContain('REPORTS_PER_USER_PER_DAY')
    expect(body.error.message).toContain(String(LIMITS.REPORTS_PER_USER_PER_DAY))
    expect(metaReports()).toBe(before)
    expect((await user.api.call<unknown[]>('GET', '/api/reports')).body).toHaveLength(LIMITS.REPORTS_PER_USER_PER_DAY)

    // Invalid input is refused as such and not counted against another user's quota.
    const other = await admin.createUser('quota-other')
    expect((await other.api.call('POST', '/api/reports', { title: '', period: '2026-11' })).status).toBe(400)
    for (let i = 0; i < LIMITS.REPORTS_PER_USER_PER_DAY; i++) {
      expect((await other.api.call('POST', '/api/reports', { title: `另一位 ${i}`, period: '2026-11', series: `other-${i}` })).status).toBe(201)
    }
    // Admins are exempt.
    for (let i = 0; i <= LIMITS.REPORTS_PER_USER_PER_DAY; i++) await admin.createReport(`管理员 ${i}`)
  })
})

describe('comments', () => {
  let reportId: string
  let sectionId: string
  let reviewer: { api: Api; id: string }
  const url = () => `/api/reports/${reportId}/comments`
  const commentsFile = () => readFileSync(path.join(server.dataDir, 'comments', `${reportId}.json`))
  const newThread = (api: Api, body: string) =>
    api.call<ThreadView>('POST', url(), { anchor: { blockId: sectionId, quote: '重要事件' }, body })

  beforeAll(async () => {
    reportId = await admin.createReport('评论配额')
    reviewer = await admin.createUser('quota-reviewer')
    await admin.setRole(reportId, reviewer.id, 'reviewer')
    const content = (await admin.call<PmNode>('GET', `/api/reports/${reportId}/content`)).body
    sectionId = content.content!.find((n) => n.type === 'reportSection')!.attrs!.id as string
  })

  it('a comment, reply or edit longer than MAX_COMMENT_CHARS answers 413 quota_exceeded and changes nothing; the limit itself is accepted', async () => {
    const first = await newThread(reviewer.api, 'x'.repeat(LIMITS.MAX_COMMENT_CHARS))
    expect(first.status, JSON.stringify(first.body)).toBe(201)
    const thread = first.body
    const fileBefore = commentsFile()
    const tooLong = 'y'.repeat(LIMITS.MAX_COMMENT_CHARS + 1)
    const attempts: [string, string, unknown][] = [
      ['POST', url(), { anchor: { blockId: sectionId, quote: '' }, body: tooLong }],
      ['POST', `${url()}/${thread.id}/replies`, { body: tooLong }],
      ['PATCH', `${url()}/${thread.id}/replies/${thread.comments[0]!.id}`, { body: tooLong }],
      // Chinese characters count one each; spaces around the text do not count (below).
      ['POST', `${url()}/${thread.id}/replies`, { body: '评'.repeat(LIMITS.MAX_COMMENT_CHARS + 1) }],
    ]
    for (const [method, path, body] of attempts) {
      const res = await reviewer.api.call(method, path, body)
      expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBe(413)
      expect(res.body).toMatchObject({ error: { code: 'quota_exceeded', details: { limit: LIMITS.MAX_COMMENT_CHARS } } })
      expect(res.body.error.message).toContain('MAX_COMMENT_CHARS')
    }
    expect(commentsFile().equals(fileBefore)).toBe(true)
    const padded = await reviewer.api.call('POST', `${url()}/${thread.id}/replies`, { body: `  ${'z'.repeat(LIMITS.MAX_COMMENT_CHARS)}  ` })
    expect(padded.status).toBe(201)
  })

  it('the list tells the client the limits', async () => {
    const res = await reviewer.api.call('GET', url())
    expect(res.body.limits).toEqual({ maxCommentChars: LIMITS.MAX_COMMENT_CHARS, maxCommentsPerReport: LIMITS.MAX_COMMENTS_PER_REPORT })
  })

  it('threads and replies together stop at MAX_COMMENTS_PER_REPORT (422 quota_exceeded); deleting one makes room again', async () => {
    // Two comments are stored by the test before: fill up to the limit.
    const list = async () => (await reviewer.api.call<{ threads: ThreadView[] }>('GET', url())).body.threads
    const stored = (await list()).reduce((n, t) => n + t.comments.length, 0)
    let last: ThreadView | null = null
    for (let i = stored; i < LIMITS.MAX_COMMENTS_PER_REPORT; i++) {
      const res = await newThread(reviewer.api, `第 ${i} 条`)
      expect(res.status).toBe(201)
      last = res.body
    }
    const fileBefore = commentsFile()
    const asThread = await newThread(reviewer.api, '再来一条')
    const asReply = await admin.call('POST', `${url()}/${last!.id}/replies`, { body: '再回复一条' })
    for (const res of [asThread, asReply]) {
      expect(res.status, JSON.stringify(res.body)).toBe(422)
      expect(res.body).toMatchObject({ error: { code: 'quota_exceeded', details: { limit: LIMITS.MAX_COMMENTS_PER_REPORT } } })
      expect((res.body as { error: { message: string } }).error.message).toContain('MAX_COMMENTS_PER_REPORT')
    }
    expect(commentsFile().equals(fileBefore)).toBe(true)
    // Edits and resolving still work at the cap.
    expect((await reviewer.api.call('PATCH', `${url()}/${last!.id}`, { resolved: true })).status).toBe(200)
    expect((await reviewer.api.call('DELETE', `${url()}/${last!.id}/replies/${last!.comments[0]!.id}`)).status).toBe(200)
    expect((await newThread(reviewer.api, '删除后可以再写')).status).toBe(201)
  })
})

describe('snapshot restores per user per hour', () => {
  it('an editor restores RESTORES_PER_USER_PER_HOUR times, then gets 429 quota_exceeded with Retry-After and nothing is restored', async () => {
    const reportId = await admin.createReport('恢复配额')
    const editor = await admin.createUser('quota-restorer')
    await admin.setRole(reportId, editor.id, 'editor')
    const client = RawClient.connect(server.wsUrl, reportId, { token: editor.api.token })
    try {
      await client.waitSynced()
      client.edit((doc) => appendParagraph(doc, 'text to snapshot'))
      await client.waitSaved()
      const snapshots = async () =>
        (await admin.call<{ snapshots: { id: string }[] }>('GET', `/api/reports/${reportId}/history`)).body.snapshots
      await waitUntil(async () => (await snapshots()).length > 0, 'an autosaved snapshot')
      const [snap] = await snapshots()
      const restore = () => editor.api.call('POST', `/api/reports/${reportId}/snapshots/${snap!.id}/restore`)
      for (let i = 0; i < LIMITS.RESTORES_PER_USER_PER_HOUR; i++) {
        const res = await restore()
        expect(res.status, JSON.stringify(res.body)).toBe(200)
      }
      const count = (await snapshots()).length
      const refused = await fetch(`${server.url}/api/reports/${reportId}/snapshots/${snap!.id}/restore`, {
        method: 'POST',
        headers: { authorization: `Bearer ${editor.api.token}`, 'content-type': 'application/json' },
      })
      expect(refused.status).toBe(429)
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(3500)
      const body = (await refused.json()) as { error: { code: string; message: string } }
      expect(body.error).toMatchObject({ code: 'quota_exceeded', message: expect.stringContaining('RESTORES_PER_USER_PER_HOUR') })
      expect((await snapshots()).length).toBe(count)
      // Admins are exempt.
      expect((await admin.call('POST', `/api/reports/${reportId}/snapshots/${snap!.id}/restore`)).status).toBe(200)
    } finally {
      await client.end()
    }
  })
})

describe('unlocks per user per day', () => {
  it('an owner unlocks UNLOCKS_PER_USER_PER_DAY times, then gets 429 quota_exceeded and the report stays published', async () => {
    const owner = await admin.createUser('quota-unlocker')
    const id = (await admin.call<{ id: string }>('POST', '/api/reports', { title: '解锁配额', period: '2026-10', series: 'quota-unlock' })).body.id
    await admin.setRole(id, owner.id, 'owner')
    expect((await owner.api.call('PUT', `/api/reports/${id}/content`, publishableReport('2026-10'))).status).toBe(200)
    const publish = async () => {
      const res = await owner.api.call('POST', `/api/reports/${id}/publish`, {})
      expect(res.status, JSON.stringify(res.body)).toBe(201)
    }
    await publish()
    for (let i = 0; i < LIMITS.UNLOCKS_PER_USER_PER_DAY; i++) {
      expect((await owner.api.call('POST', `/api/reports/${id}/unlock`, { reason: `更正 ${i}` })).status).toBe(200)
      await publish()
    }
    const refused = await owner.api.call('POST', `/api/reports/${id}/unlock`, { reason: '再改一次' })
    expect(refused.status).toBe(429)
    expect(refused.body.error).toMatchObject({ code: 'quota_exceeded', message: expect.stringContaining('UNLOCKS_PER_USER_PER_DAY') })
    expect((await owner.api.call('GET', `/api/reports/${id}`)).body).toMatchObject({ status: 'published' })
    // Admins are exempt.
    expect((await admin.call('POST', `/api/reports/${id}/unlock`, { reason: '管理员更正' })).status).toBe(200)
  })
})

describe('member changes per user per hour', () => {
  it('an owner adds, changes and removes members MEMBER_CHANGES_PER_USER_PER_HOUR times, then gets 429; setting the same role again writes nothing', async () => {
    const owner = await admin.createUser('quota-member-owner')
    const member = await admin.createUser('quota-member')
    const id = await admin.createReport('成员配额')
    await admin.setRole(id, owner.id, 'owner')
    const put = (role: string) => owner.api.call('PUT', `/api/reports/${id}/members/${member.id}`, { role })
    expect((await put('editor')).status).toBe(200)
    const audited = metaFile().audit.length
    expect((await put('editor')).status).toBe(200) // the same role: no write, not counted
    expect(metaFile().audit.length).toBe(audited)
    expect((await put('viewer')).status).toBe(200)
    expect((await owner.api.call('DELETE', `/api/reports/${id}/members/${member.id}`)).status).toBe(200)
    const before = metaFile()
    for (const refused of [
      await owner.api.call('POST', `/api/reports/${id}/members`, { username: 'quota-member', role: 'viewer' }),
      await put('reviewer'),
    ]) {
      expect(refused.status, JSON.stringify(refused.body)).toBe(429)
      expect(refused.body.error).toMatchObject({ code: 'quota_exceeded', message: expect.stringContaining('MEMBER_CHANGES_PER_USER_PER_HOUR') })
    }
    expect(metaFile()).toEqual(before)
    // Admins are exempt.
    await admin.setRole(id, member.id, 'viewer')
  })
})
