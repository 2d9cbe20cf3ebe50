/**
 * Real answers against the contract: a walk through the API on a running
 * server (sign-in, users, a report with members, content, KPIs, check,
 * publish, versions and exports (HTML, Markdown, Word), history and a restore, comments, tickets,
 * API tokens, metric pushes and a pushed value's history,
 * archive, password changes), each answer checked against its route's
 * response schema in schema/api/ — a server that answers other than its
 * contract says (a renamed field, a missing one, another status) fails here.
 * Every route of the contract is walked.
 */
import type { JSONContent } from '@tiptap/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { allApiRoutes, apiRoutes } from '@schema/api/apiRoutes'
import { errorBody, isMedia, type ApiRoute } from '@schema/api/apiRoute'
import { apiPath } from '../client/api/apiCall'
import { Api } from './helpers/api'
import { stopAndRemove } from './helpers/cleanup'
import { appendParagraph } from './helpers/doc'
import { publishableReport } from './helpers/publishableReport'
import { RawClient } from './helpers/rawClient'
import { startServer, type TestServer } from './helpers/startServer'
import { waitUntil } from './helpers/wait'

const { auth, users, reports, series, activity, versions, comments, history, cellHistory, collabTicket, config, health, openApi, tokens, metrics } = apiRoutes

let server: TestServer
const walked = new Set<ApiRoute>()

beforeAll(async () => {
  server = await startServer({ env: { SNAPSHOT_INTERVAL_MS: '200' } })
})
afterAll(() => stopAndRemove(server))

interface CallInput {
  params?: Record<string, string>
  query?: Record<string, string>
  body?: unknown
}

/** Calls `route` as `api` and checks the answer against the contract: its success status and its schema. */
async function call<R extends ApiRoute>(api: Api, route: R, input: CallInput = {}): Promise<R['response'] extends z.ZodType ? z.infer<R['response']> : string> {
  const res = await fetch(server.url + apiPath(route, input.params, input.query), {
    method: route.method.toUpperCase(),
    headers: {
      ...(route.method === 'get' ? {} : { 'content-type': 'application/json' }),
      ...(api.token ? { authorization: `Bearer ${api.token}` } : {}),
    },
    body: input.body === undefined ? undefined : JSON.stringify(input.body),
  })
  const where = `${route.method.toUpperCase()} ${route.path}`
  const text = await res.text()
  expect(res.status, `${where}: ${text.slice(0, 300)}`).toBe(route.status ?? 200)
  walked.add(route)
  if (isMedia(route.response)) {
    expect(res.headers.get('content-type'), where).toContain(route.response.contentType)
    return text as never
  }
  expect(res.headers.get('content-type'), where).toMatch(/^application\/json/)
  const parsed = route.response.safeParse(JSON.parse(text))
  expect(parsed.success, `${where} answered other than its contract: ${parsed.error?.message}\n${text.slice(0, 500)}`).toBe(true)
  return JSON.parse(text) as never
}

describe('answers match the contract', () => {
  it('a walk through every route', async () => {
    const anonymous = new Api(server.url)
    const admin = await Api.login(server.url)
    await call(anonymous, config.get)
    await call(anonymous, health.get)
    await call(anonymous, openApi.get)
    expect(await call(anonymous, auth.me)).toBeNull()
    expect(await call(admin, auth.me)).toMatchObject({ username: 'admin' })

    // Users (admin).
    const created = await call(admin, users.create, { body: { username: 'walker', displayName: 'Walker', password: 'tall-river-481' } })
    await call(admin, users.list)
    await call(admin, users.resetPassword, { params: { id: created.id }, body: { newPassword: 'quiet-harbor-907' } })
    await call(admin, users.deactivate, { params: { id: created.id } })
    await call(admin, users.reactivate, { params: { id: created.id } })
    const walker = new Api(server.url)
    walker.token = (await call(anonymous, auth.login, { body: { username: 'walker', password: 'quiet-harbor-907' } })).token

    // A report, its members, its content and KPIs.
    const report = await call(admin, reports.create, { body: { title: '十月运营服务月报', period: '2026-10', series: 'walk' } })
    const id = { id: report.id }
    await call(admin, reports.list)
    await call(admin, series.list)
    await call(admin, reports.addMember, { params: id, body: { username: 'walker', role: 'viewer' } })
    await call(admin, reports.setMember, { params: { ...id, userId: created.id }, body: { role: 'reviewer' } })
    await call(admin, reports.get, { params: id })
    const content = publishableReport('2026-10')
    await call(admin, reports.putContent, { params: id, body: content })
    await call(admin, reports.getContent, { params: id })
    await call(admin, reports.kpis, { params: id })

    // An API token, and metric values pushed with it by report and by series and month.
    const apiToken = await call(admin, tokens.create, { body: { name: 'walk', scope: { series: ['walk'] }, expiresAt: new Date(Date.now() + 86_400_000).toISOString() } })
    await call(admin, tokens.list)
    const machine = new Api(server.url, apiToken.token)
    await call(machine, metrics.pushReport, { params: id, body: { metrics: [{ key: 'fcr', current: '92.4' }] } })
    await call(machine, metrics.pushSeries, { params: { series: 'walk', period: '2026-10' }, body: { metrics: [{ key: 'fcr', current: 92.1 }] } })
    await call(admin, tokens.revoke, { params: { id: apiToken.id } })
    // The pushed value's history, read by a viewer: the token changed it.
    const rows: JSONContent[] = []
    const walk = (n: JSONContent) => (n.type === 'metricRow' ? rows.push(n) : n.content?.forEach(walk))
    walk(content)
    const fcr = rows.find((r) => r.attrs?.key === 'fcr')!.attrs!.id as string
    const changes = await call(walker, cellHistory.block, { params: { ...id, blockId: fcr } })
    const byToken = { kind: 'token', id: apiToken.id, name: 'walk' }
    expect(changes).toMatchObject([
      { by: byToken, field: 'current', from: '92.1', to: '92.4' },
      { by: byToken, field: 'current', from: '92.4', to: '92.1' },
    ])

    // Comments.
    const sectionId = (content.content as JSONContent[]).find((n) => n.type === 'reportSection')!.attrs!.id as string
    const thread = await call(walker, comments.create, { params: id, body: { anchor: { blockId: sectionId, quote: '重要事件' }, body: 'Why?', mentions: ['u'].filter(() => false) } })
    const threadParams = { ...id, threadId: thread.id }
    await call(admin, comments.reply, { params: threadParams, body: { body: `@Walker because`, mentions: [created.id] } })
    const listed = await call(walker, comments.list, { params: id })
    expect(listed.unreadMentions).toBe(1)
    await call(walker, comments.markRead, { params: id, body: { threadIds: [thread.id] } })
    await call(walker, comments.editComment, { params: { ...threadParams, commentId: thread.comments[0]!.id }, body: { body: 'Why, exactly?' } })
    await call(walker, comments.patchThread, { params: threadParams, body: { resolved: true } })
    await call(walker, comments.deleteComment, { params: { ...threadParams, commentId: thread.comments[0]!.id } })

    // History: an edit over the socket is autosaved; a snapshot is read, rendered and restored.
    const editor = RawClient.connect(server.wsUrl, report.id, { token: admin.token })
    await editor.waitSynced()
    editor.edit((doc) => appendParagraph(doc, 'an autosaved line'))
    await editor.waitSaved()
    await editor.end()
    let snapshots: { id: string }[] = []
    await waitUntil(async () => {
      snapshots = (await call(admin, history.list, { params: id })).snapshots
      return snapshots.length > 0
    }, 'an autosaved snapshot')
    const sid = { ...id, sid: snapshots[0]!.id }
    await call(admin, history.snapshot, { params: sid })
    await call(admin, history.snapshotHtml, { params: sid })
    await call(admin, history.restore, { params: sid })

    // Check, publish, versions and their exports, a diff, an unlock.
    await call(admin, versions.check, { params: id, query: { locale: 'en' } })
    const published = await call(admin, versions.publish, { params: id, body: { note: 'final' } })
    const v = { ...id, v: published.version }
    await call(admin, versions.list, { params: id })
    await call(admin, versions.get, { params: v })
    await call(admin, versions.exportHtml, { params: v })
    await call(admin, versions.exportMd, { params: v })
    await call(admin, versions.exportDocx, { params: v })
    await call(admin, reports.draftDocx, { params: id })
    await call(admin, history.diff, { params: id, query: { from: `v:${published.version}`, to: 'live' } })
    await call(admin, versions.unlock, { params: id, body: { reason: 'a correction' } })
    await call(admin, activity.list, { params: id })

    // The socket ticket, members leaving, the archive.
    await call(walker, collabTicket.issue, { body: { reportId: report.id } })
    await call(admin, reports.removeMember, { params: { ...id, userId: created.id } })
    await call(admin, reports.archive, { params: id })
    await call(admin, reports.list, { query: { archived: '1' } })
    await call(admin, reports.restoreArchived, { params: id })

    // Own password, signing out.
    await call(walker, auth.changePassword, { body: { currentPassword: 'quiet-harbor-907', newPassword: 'amber-canyon-352' } })
    walker.token = (await call(anonymous, auth.login, { body: { username: 'walker', password: 'amber-canyon-352' } })).token
    await call(walker, auth.logout)

    expect(allApiRoutes.filter((r) => !walked.has(r)).map((r) => `${r.method} ${r.path}`)).toEqual([])
  })

  it('errors have the one error shape: a malformed body lists its problems (400), a non-JSON call is refused (415)', async () => {
    const admin = await Api.login(server.url)
    const bad = await admin.call('POST', '/api/reports', { title: '', period: '2026-13' })
    expect(bad.status).toBe(400)
    expect(errorBody.safeParse(bad.body).success).toBe(true)
    expect(bad.body.error.code).toBe('bad_request')
    expect(bad.body.error.details.map((p: { path: string }) => p.path).sort()).toEqual(['period', 'title'])
    const notJson = await admin.call('POST', '/api/reports', '{"title": ', {})
    expect(notJson.status).toBe(400)
    expect(notJson.body.error).toMatchObject({ code: 'bad_request', message: 'The body is not valid JSON.' })
    const form = await admin.call('POST', '/api/reports', 'title=x', { 'content-type': 'application/x-www-form-urlencoded' })
    expect(form.status).toBe(415)
    expect(errorBody.safeParse(form.body).success).toBe(true)
    const badQuery = await admin.call('GET', '/api/reports/r' + 'a'.repeat(20) + '/diff?from=yesterday&to=live')
    expect(badQuery.status).toBe(400)
    expect(errorBody.safeParse(badQuery.body).success).toBe(true)
  })
})
