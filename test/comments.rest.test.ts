/**
 * Comment threads over REST against a real server: reviewers comment while
 * the body still refuses their writes, viewers only read, authorship is the
 * server's, bad input changes nothing, mentions reach their members, every
 * change is pushed to the room (type 102) and is on disk before the 201.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ReportEvent } from '@schema/reportEvent'
import { FileCommentStore } from '../server/comments/FileCommentStore'
import type { ThreadView } from '../server/comments/threadView'
import { Api } from './helpers/api'
import { stopAndRemove } from './helpers/cleanup'
import { appendParagraph, type PmNode } from './helpers/doc'
import { openProvider, waitProviderSynced } from './helpers/provider'
import { RawClient } from './helpers/rawClient'
import { startServer, type TestServer } from './helpers/startServer'
import { waitUntil } from './helpers/wait'

type Who = 'owner' | 'editor' | 'reviewer' | 'viewer' | 'stranger'

describe('comment threads over REST', () => {
  let server: TestServer
  let admin: Api
  let reportId: string
  let sectionId: string
  const users = {} as Record<Who, { api: Api; id: string }>

  const commentsUrl = (id = reportId) => `/api/reports/${id}/comments`
  const anchor = (quote = '重要事件') => ({ blockId: sectionId, quote })
  const list = async (api: Api, id = reportId) => {
    const res = await api.call<{ threads: ThreadView[]; unreadMentions: number }>('GET', commentsUrl(id))
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    return res.body
  }
  const newThread = async (api: Api, body: string, extra: Record<string, unknown> = {}, id = reportId) => {
    const res = await api.call<ThreadView>('POST', commentsUrl(id), { anchor: anchor(), body, ...extra })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    return res.body
  }
  const commentsFile = () => path.join(server.dataDir, 'comments', `${reportId}.json`)

  beforeAll(async () => {
    server = await startServer()
    admin = await Api.login(server.url)
    reportId = await admin.createReport('评论测试')
    for (const who of ['owner', 'editor', 'reviewer', 'viewer', 'stranger'] as const) {
      users[who] = await admin.createUser(`${who}-c`)
      if (who !== 'stranger') await admin.setRole(reportId, users[who].id, who)
    }
    const content = (await admin.call<PmNode>('GET', `/api/reports/${reportId}/content`)).body
    sectionId = content.content!.find((n) => n.type === 'reportSection')!.attrs!.id as string
  })

  afterAll(async () => {
    await stopAndRemove(server)
  })

  it('a reviewer comments, replies and resolves; the author is the signed-in user', async () => {
    const reviewer = users.reviewer
    const thread = await newThread(reviewer.api, '请补充本月大促的数据口径。')
    expect(thread).toMatchObject({
      anchor: anchor(),
      resolved: false,
      createdBy: reviewer.id,
      comments: [{ authorId: reviewer.id, author: { id: reviewer.id, username: 'reviewer-c' }, body: '请补充本月大促的数据口径。' }],
    })
    expect(JSON.stringify(thread)).not.toContain('passwordHash')

    const reply = await users.editor.api.call<ThreadView>('POST', `${commentsUrl()}/${thread.id}/replies`, { body: '已补充。' })
    expect(reply.status).toBe(201)
    expect(reply.body.comments.map((c) => [c.authorId, c.body])).toEqual([
      [reviewer.id, '请补充本月大促的数据口径。'],
      [users.editor.id, '已补充。'],
    ])

    const resolved = await reviewer.api.call<ThreadView>('PATCH', `${commentsUrl()}/${thread.id}`, { resolved: true })
    expect(resolved.status).toBe(200)
    expect(resolved.body).toMatchObject({ resolved: true, resolvedBy: { id: reviewer.id } })
    const reopened = await reviewer.api.call<ThreadView>('PATCH', `${commentsUrl()}/${thread.id}`, { resolved: false })
    expect(reopened.body).toMatchObject({ resolved: false, resolvedBy: null, resolvedAt: null })

    const seen = await list(users.viewer.api)
    expect(seen.threads.find((t) => t.id === thread.id)?.comments).toHaveLength(2)
  })

  it("a reviewer's body edit over the socket is still dropped while the reviewer comments", async () => {
    const p = openProvider(server.wsUrl, reportId, users.reviewer.api.token!)
    try {
      await waitProviderSynced(p)
      appendParagraph(p.doc, 'reviewer-body-edit')
      await waitUntil(() => p.notSaved.includes('read_only'), 'reviewer told its body edit is not saved')
      await newThread(users.reviewer.api, '评论不受正文只读影响')
      const content = JSON.stringify((await admin.call('GET', `/api/reports/${reportId}/content`)).body)
      expect(content).not.toContain('reviewer-body-edit')
      // The comment did not go into the body either.
      expect(content).not.toContain('评论不受正文只读影响')
    } finally {
      p.destroy()
    }
  })

  it('a viewer reads but may not comment, reply or resolve (403); a non-member may not read (403)', async () => {
    const thread = await newThread(users.reviewer.api, '给查看者看的评论')
    const viewer = users.viewer.api
    expect((await viewer.call('GET', commentsUrl())).status).toBe(200)
    expect((await viewer.call('POST', commentsUrl(), { anchor: anchor(), body: 'x' })).status).toBe(403)
    expect((await viewer.call('POST', `${commentsUrl()}/${thread.id}/replies`, { body: 'x' })).status).toBe(403)
    expect((await viewer.call('PATCH', `${commentsUrl()}/${thread.id}`, { resolved: true })).status).toBe(403)
    expect((await users.stranger.api.call('GET', commentsUrl())).status).toBe(403)
    expect((await users.stranger.api.call('POST', commentsUrl(), { anchor: anchor(), body: 'x' })).status).toBe(403)
    expect((await new Api(server.url).call('GET', commentsUrl())).status).toBe(401)
    const after = (await list(admin)).threads.find((t) => t.id === thread.id)!
    expect(after.comments).toHaveLength(1)
    expect(after.resolved).toBe(false)
  })

  it('only the author edits a comment; the author, an owner or an admin deletes it', async () => {
    const thread = await newThread(users.reviewer.api, '原始评论')
    const first = thread.comments[0]!.id
    const url = `${commentsUrl()}/${thread.id}/replies/${first}`
    for (const who of [users.editor.api, users.owner.api, admin]) {
      const res = await who.call('PATCH', url, { body: '改掉别人的话' })
      expect(res.status, JSON.stringify(res.body)).toBe(403)
    }
    expect((await users.editor.api.call('DELETE', url)).status).toBe(403)
    const edited = await users.reviewer.api.call<ThreadView>('PATCH', url, { body: '修改后的评论' })
    expect(edited.status).toBe(200)
    expect(edited.body.comments[0]).toMatchObject({ body: '修改后的评论', editedAt: expect.any(String) })

    // The owner deletes someone else's reply; the admin deletes the rest.
    const reply = await users.editor.api.call<ThreadView>('POST', `${commentsUrl()}/${thread.id}/replies`, { body: '编辑的回复' })
    const replyId = reply.body.comments[1]!.id
    const byOwner = await users.owner.api.call<{ threadDeleted: boolean }>('DELETE', `${commentsUrl()}/${thread.id}/replies/${replyId}`)
    expect(byOwner.status).toBe(200)
    expect(byOwner.body.threadDeleted).toBe(false)
    const byAdmin = await admin.call<{ threadDeleted: boolean }>('DELETE', url)
    expect(byAdmin.body.threadDeleted).toBe(true)
    expect((await list(admin)).threads.map((t) => t.id)).not.toContain(thread.id)
    expect((await admin.call('DELETE', url)).status).toBe(404)
  })

  it('deleting the first comment keeps the thread (marked deleted) while replies exist', async () => {
    const thread = await newThread(users.reviewer.api, '开头的评论')
    const reply = await users.editor.api.call<ThreadView>('POST', `${commentsUrl()}/${thread.id}/replies`, { body: '一条回复' })
    const res = await users.reviewer.api.call<{ threadDeleted: boolean; thread: ThreadView }>(
      'DELETE',
      `${commentsUrl()}/${thread.id}/replies/${thread.comments[0]!.id}`,
    )
    expect(res.status).toBe(200)
    expect(res.body.threadDeleted).toBe(false)
    expect(res.body.thread.comments.map((c) => [c.deleted, c.body])).toEqual([
      [true, ''],
      [false, '一条回复'],
    ])
    const last = await users.editor.api.call<{ threadDeleted: boolean }>(
      'DELETE',
      `${commentsUrl()}/${thread.id}/replies/${reply.body.comments[1]!.id}`,
    )
    expect(last.body.threadDeleted).toBe(true)
  })

  it('bad bodies answer 400 and change nothing, on disk or in the answer', async () => {
    const thread = await newThread(users.reviewer.api, '用于错误输入测试')
    const before = await list(admin)
    const fileBefore = readFileSync(commentsFile())
    const rel = { item: { client: 1, clock: 2 }, assoc: 0 }
    const bad: [string, string, unknown][] = [
      ['POST', commentsUrl(), '{not json'],
      ['POST', commentsUrl(), { anchor: anchor() }],
      ['POST', commentsUrl(), { anchor: anchor(), body: '   ' }],
      ['POST', commentsUrl(), { body: 'no anchor' }],
      ['POST', commentsUrl(), { anchor: { blockId: '', quote: '' }, body: 'block comment without a block' }],
      ['POST', commentsUrl(), { anchor: { ...anchor(), quote: 'q'.repeat(1001) }, body: 'quote too long' }],
      ['POST', commentsUrl(), { anchor: { ...anchor(), relStart: rel }, body: 'start without end' }],
      ['POST', commentsUrl(), { anchor: { ...anchor(), relStart: { ...rel, extra: 'x'.repeat(5000) }, relEnd: rel }, body: 'x' }],
      ['POST', commentsUrl(), { anchor: anchor(), body: 'forged author', authorId: users.editor.id }],
      ['POST', commentsUrl(), { anchor: anchor(), body: 'x', mentions: 'everyone' }],
      ['POST', `${commentsUrl()}/${thread.id}/replies`, { body: '' }],
      ['PATCH', `${commentsUrl()}/${thread.id}`, { resolved: 'yes' }],
      ['PATCH', `${commentsUrl()}/${thread.id}`, {}],
      ['POST', `${commentsUrl()}/read`, { threadIds: [] }],
    ]
    for (const [method, url, body] of bad) {
      const res = await users.reviewer.api.call(method, url, body)
      expect(res.status, `${method} ${url} ${JSON.stringify(body).slice(0, 80)}: ${JSON.stringify(res.body)}`).toBe(400)
      expect(res.body).toMatchObject({ error: { code: 'bad_request', message: expect.any(String) } })
    }
    expect(await list(admin)).toEqual(before)
    expect(readFileSync(commentsFile()).equals(fileBefore)).toBe(true)
    // The default length limit itself is accepted (longer ones: test/quotas.rest.test.ts).
    await newThread(users.reviewer.api, 'z'.repeat(2000))
  })

  it('mentions must be members of the report (400), and unknown threads are 404', async () => {
    const before = await list(admin)
    for (const mentions of [[users.stranger.id], ['u-nobody'], [users.editor.id, users.stranger.id]]) {
      const res = await users.reviewer.api.call('POST', commentsUrl(), { anchor: anchor(), body: '@someone', mentions })
      expect(res.status, JSON.stringify(res.body)).toBe(400)
    }
    expect(await list(admin)).toEqual(before)
    expect((await users.reviewer.api.call('POST', `${commentsUrl()}/tnothere/replies`, { body: 'x' })).status).toBe(404)
    expect((await users.reviewer.api.call('PATCH', `${commentsUrl()}/tnothere`, { resolved: true })).status).toBe(404)
  })

  it('unread mentions appear for the mentioned user only and clear after read', async () => {
    const editor = users.editor
    const start = (await list(editor.api)).unreadMentions
    const thread = await newThread(users.reviewer.api, `@${'editor-c'} 请核对这个数字`, { mentions: [editor.id, editor.id] })
    expect(thread.comments[0]!.mentions).toEqual([editor.id])

    const mine = await list(editor.api)
    expect(mine.unreadMentions).toBe(start + 1)
    const seen = mine.threads.find((t) => t.id === thread.id)!
    expect(seen.unreadMentions).toBe(1)
    expect(seen.comments[0]!.unreadMention).toBe(true)
    expect((await list(users.reviewer.api)).threads.find((t) => t.id === thread.id)!.unreadMentions).toBe(0)
    expect((await list(users.owner.api)).threads.find((t) => t.id === thread.id)!.unreadMentions).toBe(0)

    const read = await editor.api.call<{ unreadMentions: number }>('POST', `${commentsUrl()}/read`, { threadIds: [thread.id] })
    expect(read.status).toBe(200)
    expect(read.body.unreadMentions).toBe(start)
    expect((await list(editor.api)).threads.find((t) => t.id === thread.id)!.unreadMentions).toBe(0)

    // A new mention in the same thread is unread again; the old one stays read.
    await users.owner.api.call('POST', `${commentsUrl()}/${thread.id}/replies`, { body: '@editor-c 再看一下', mentions: [editor.id] })
    const again = (await list(editor.api)).threads.find((t) => t.id === thread.id)!
    expect(again.comments.map((c) => c.unreadMention)).toEqual([false, true])
  })

  it('pushes the changed thread to the room (type 102) as each member sees it, and its deletion', async () => {
    const mentioned = RawClient.connect(server.wsUrl, reportId, { token: users.viewer.api.token })
    const other = RawClient.connect(server.wsUrl, reportId, { token: users.owner.api.token })
    try {
      await Promise.all([mentioned.waitSynced(), other.waitSynced()])
      const thread = await newThread(users.reviewer.api, '@viewer-c 实时推送', { mentions: [users.viewer.id] })
      const forThread = (client: RawClient) =>
        client.events.filter((e): e is Extract<ReportEvent, { type: 'comments' }> => e.type === 'comments' && e.threadId === thread.id)
      await waitUntil(() => forThread(mentioned).length >= 1 && forThread(other).length >= 1, 'comments event after POST')
      // The thread itself, no refetch needed; the unread mention only in the view of whom it mentions.
      const [seen] = forThread(mentioned)
      const [seenByOther] = forThread(other)
      expect(seen).toMatchObject({ rev: thread.rev, thread: { id: thread.id, unreadMentions: 1, comments: [{ body: '@viewer-c 实时推送', unreadMention: true }] } })
      expect(seenByOther).toMatchObject({ rev: thread.rev, thread: { id: thread.id, unreadMentions: 0, comments: [{ unreadMention: false }] } })
      expect(seen!.thread).toEqual((await list(users.viewer.api)).threads.find((t) => t.id === thread.id))
      expect(seenByOther!.thread).toEqual((await list(users.owner.api)).threads.find((t) => t.id === thread.id))

      const reply = await users.editor.api.call<ThreadView>('POST', `${commentsUrl()}/${thread.id}/replies`, { body: '收到' })
      await users.reviewer.api.call('PATCH', `${commentsUrl()}/${thread.id}`, { resolved: true })
      await waitUntil(() => forThread(other).length >= 3, 'comments events after reply and PATCH')
      const [, afterReply, afterResolve] = forThread(other)
      expect(afterReply!.thread!.comments.map((c) => c.body)).toEqual(['@viewer-c 实时推送', '收到'])
      expect(afterResolve!.thread).toMatchObject({ resolved: true, resolvedBy: { id: users.reviewer.id } })
      expect(afterReply!.rev).toBeGreaterThan(seen!.rev)
      expect(afterResolve!.rev).toBeGreaterThan(afterReply!.rev)

      await users.editor.api.call('DELETE', `${commentsUrl()}/${thread.id}/replies/${reply.body.comments[1]!.id}`)
      await users.reviewer.api.call('DELETE', `${commentsUrl()}/${thread.id}/replies/${thread.comments[0]!.id}`)
      await waitUntil(() => forThread(mentioned).length >= 5, 'comments events after the deletes')
      expect(forThread(mentioned).at(-1)).toMatchObject({ threadId: thread.id, thread: null })
      expect(forThread(mentioned).map((e) => e.rev)).toEqual(forThread(other).map((e) => e.rev))
    } finally {
      await Promise.all([mentioned.end(), other.end()])
    }
  })

  it('openThreads lists the unresolved threads with their block (for the publish check)', async () => {
    // Read through the store the server uses, on the same data folder.
    const open = await new FileCommentStore(server.dataDir).openThreads(reportId)
    const threads = (await list(admin)).threads
    expect(open).toEqual(threads.filter((t) => !t.resolved).map((t) => ({ id: t.id, blockId: t.anchor.blockId })))
    expect(open.length).toBeGreaterThan(0)
  })

  it('a comment survives kill -9 right after its 201', async () => {
    const res = await users.reviewer.api.call<ThreadView>('POST', commentsUrl(), { anchor: anchor(), body: '崩溃前的评论' })
    expect(res.status).toBe(201)
    await server.kill()
    server = await startServer({ dataDir: server.dataDir, port: server.port })
    const after = await list(admin)
    expect(after.threads.find((t) => t.id === res.body.id)?.comments[0]?.body).toBe('崩溃前的评论')
  })

  it('a published report refuses new threads and anchor changes (423) but keeps replies and resolve', async () => {
    const thread = await newThread(users.reviewer.api, '发布前的评论')
    // Mark the report published in the stored metadata, as a publish leaves it.
    expect(await server.stop()).toBe(0)
    const metaFile = path.join(server.dataDir, 'meta.json')
    const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as { reports: { id: string; status: string }[] }
    meta.reports.find((r) => r.id === reportId)!.status = 'published'
    writeFileSync(metaFile, JSON.stringify(meta))
    server = await startServer({ dataDir: server.dataDir, port: server.port })

    const before = await list(admin)
    const created = await users.reviewer.api.call('POST', commentsUrl(), { anchor: anchor(), body: '发布后的新评论' })
    expect(created.status).toBe(423)
    expect(created.body).toMatchObject({ error: { code: 'locked' } })
    const moved = await users.reviewer.api.call('PATCH', `${commentsUrl()}/${thread.id}`, { anchor: anchor('别处') })
    expect(moved.status).toBe(423)
    expect(await list(admin)).toEqual(before)

    const reply = await users.editor.api.call('POST', `${commentsUrl()}/${thread.id}/replies`, { body: '发布后仍可回复' })
    expect(reply.status).toBe(201)
    const resolved = await users.reviewer.api.call<ThreadView>('PATCH', `${commentsUrl()}/${thread.id}`, { resolved: true })
    expect(resolved.status).toBe(200)
    expect(resolved.body.resolved).toBe(true)
  })

  it('stores one JSON file per report under comments/, never a leftover temp file', async () => {
    const file = JSON.parse(readFileSync(commentsFile(), 'utf8')) as { version: number; threads: unknown[] }
    expect(file.version).toBe(1)
    expect(file.threads.length).toBe((await list(admin)).threads.length)
    expect(readdirSync(path.dirname(commentsFile()))).toEqual([`${reportId}.json`])
    // Comments are not in the report body's Yjs state.
    const res = await admin.call('GET', `/api/reports/${reportId}/content`)
    expect(JSON.stringify(res.body)).not.toContain('崩溃前的评论')
  })
})
