/**
 * Comments managed from the UI, in real Chromium through the real server:
 * typing "@" in a comment (plainly, and committed by an IME as composed
 * text) opens the member picker and picking writes a mention the server
 * stores; a published report's panel shows one state (no new threads) and
 * not also the hint to start one; an orphaned thread (its words deleted) is
 * re-anchored to newly selected text and is no longer orphaned, in the UI
 * and by the stored anchor. Moving a thread is refused to a reviewer who did
 * not start it (403) and on a published report (423).
 */
import path from 'node:path'
import * as Y from 'yjs'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { CommentAnchor } from '@schema/comments/CommentAnchor'
import { anchorDocumentOf } from './helpers/anchorDocumentOf'
import { resolveAnchor } from '@schema/comments/resolveAnchor'
import { reportSchema } from '@schema/reportSchema'
import { Api } from './helpers/api'
import { ARTIFACTS_DIR, launchBrowser, loginPage } from './helpers/browser'
import { stopAndRemove } from './helpers/cleanup'
import { appendParagraph, paragraphsOf } from './helpers/doc'
import { publishableReport } from './helpers/publishableReport'
import { openProvider, waitProviderSynced, waitServerHasText } from './helpers/provider'
import { startServer, type TestServer } from './helpers/startServer'

let server: TestServer
let browser: Browser
let api: Api
let reportId: string
let ownerId: string
const pageErrors: string[] = []

const BODY = '[data-testid=report-body]'
const SIDEBAR = '[data-testid=comments-sidebar]'
const PICKER = '[data-testid=mention-picker]'
const FIRST = '夜间排队时长下降'
const GONE = '投诉量环比减少'
const NEW_WORDS = '首次解决率稳定'
const REVIEWER = { username: 'qian.lan', password: 'qian-harbor-7315' }

const login = (username: string, password: string): Promise<Page> => loginPage(browser, server.url, username, password, pageErrors)

async function openReport(page: Page, id: string): Promise<void> {
  await page.click(`[data-report-id="${id}"]`)
  await page.waitForSelector(`${BODY} section[data-section=highlights]`)
}

/** Selects `words` in the editor with a DOM range, then waits until the editor took it (its 💬 button shows). */
async function selectWords(page: Page, words: string): Promise<void> {
  await page.evaluate(
    ({ body, words }) => {
      const root = document.querySelector(body)!
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent!.indexOf(words)
        if (at < 0) continue
        const range = document.createRange()
        range.setStart(node, at)
        range.setEnd(node, at + words.length)
        const selection = window.getSelection()!
        selection.removeAllRanges()
        selection.addRange(range)
        return
      }
      throw new Error(`"${words}" is not in the editor`)
    },
    { body: BODY, words },
  )
  await page.waitForSelector('[data-testid=comment-selection-button]')
}

/** Writes into the report body over a socket, as an editor's client would, and waits until the server has it. */
async function editBody(edit: (doc: Y.Doc) => void): Promise<void> {
  const writer = openProvider(server.wsUrl, reportId, api.token!)
  await waitProviderSynced(writer)
  edit(writer.doc)
  await waitServerHasText(writer, api, reportId)
  writer.destroy()
}

/** How the stored anchor resolves against the body as the server now serves it. */
async function resolvedOnServer(anchor: CommentAnchor): Promise<string> {
  const reader = openProvider(server.wsUrl, reportId, api.token!)
  await waitProviderSynced(reader)
  const status = resolveAnchor(anchor, anchorDocumentOf(reader.doc, reportSchema)).status
  reader.destroy()
  return status
}

interface StoredThread {
  id: string
  anchor: CommentAnchor
  comments: { body: string; mentions: string[] }[]
}
const threads = async (id = reportId) =>
  (await api.call<{ threads: StoredThread[] }>('GET', `/api/reports/${id}/comments`)).body.threads

beforeAll(async () => {
  server = await startServer()
  api = await Api.login(server.url)
  ownerId = (await api.call<{ id: string }>('GET', '/api/auth/me')).body.id
  reportId = await api.createReport('评论管理浏览器测试', '2026-11')
  const { id } = await api.createUser(REVIEWER.username, REVIEWER.password)
  await api.setRole(reportId, id, 'reviewer')
  await editBody((doc) => {
    appendParagraph(doc, `本月${FIRST}，${GONE}两成。`, 0)
    appendParagraph(doc, `一线团队${NEW_WORDS}在 80% 以上。`, 0)
  })
  browser = await launchBrowser()
})

afterEach(() => {
  expect(pageErrors.splice(0)).toEqual([])
})

afterAll(async () => {
  await browser?.close()
  await stopAndRemove(server)
})

/** The reviewer's own window on the report, with the body's text shown. */
async function reviewerPage(): Promise<Page> {
  const page = await login(REVIEWER.username, REVIEWER.password)
  await openReport(page, reportId)
  await page.waitForFunction((t) => document.querySelector('[data-testid=report-body]')?.textContent?.includes(t), FIRST)
  return page
}

describe('comments managed from the UI', () => {
  it('typing "@" opens the member picker; picking writes a mention the server stores', async () => {
    const reviewer = await reviewerPage()
    await selectWords(reviewer, FIRST)
    await reviewer.click('[data-testid=comment-selection-button]')
    const textarea = '[data-testid=comment-new] textarea'
    await reviewer.waitForSelector(textarea)
    await reviewer.click(textarea)
    await reviewer.keyboard.type('口径请')
    await reviewer.keyboard.type('@')
    await reviewer.waitForSelector(`${PICKER} [data-user-id="${ownerId}"]`)
    await reviewer.keyboard.type('管')
    expect(await reviewer.$$eval(`${PICKER} .mention-picker__name`, (els) => els.map((e) => e.textContent))).toEqual(['管理员'])
    // Typing goes on at once after the pick: the caret is after the name before the next key lands,
    // also when the page's next frame comes only after that key (a busy machine): frames are held
    // back here until the next input event.
    await reviewer.evaluate(() => {
      const raf = window.requestAnimationFrame.bind(window)
      window.requestAnimationFrame = (cb) => {
        window.addEventListener('input', () => cb(performance.now()), { once: true, capture: true })
        window.requestAnimationFrame = raf
        return 0
      }
    })
    await reviewer.keyboard.press('Enter')
    await reviewer.keyboard.type('确认')
    await reviewer.waitForSelector(PICKER, { state: 'detached' })
    expect(await reviewer.inputValue(textarea)).toBe('口径请@管理员 确认')
    await reviewer.screenshot({ path: path.join(ARTIFACTS_DIR, 'comments-mention-typed.png') })
    await reviewer.click('[data-testid=comment-new] .comment-input__submit')
    await reviewer.waitForSelector(`${SIDEBAR} [data-testid=comment-thread]`)
    expect((await threads())[0]?.comments[0]).toMatchObject({ body: '口径请@管理员 确认', mentions: [ownerId] })
    await reviewer.context().close()
  })

  it('an "@" committed by an IME (composed text) opens the picker too', async () => {
    const reviewer = await reviewerPage()
    await selectWords(reviewer, FIRST)
    await reviewer.click('[data-testid=comment-selection-button]')
    const textarea = '[data-testid=comment-new] textarea'
    await reviewer.waitForSelector(textarea)
    await reviewer.click(textarea)
    const cdp = await reviewer.context().newCDPSession(reviewer)
    // A Chinese IME in Chinese punctuation mode: Shift+2 composes and commits a full-width "＠".
    await cdp.send('Input.imeSetComposition', { text: '＠', selectionStart: 1, selectionEnd: 1 })
    await cdp.send('Input.insertText', { text: '＠' })
    await reviewer.waitForSelector(`${PICKER} [data-user-id="${ownerId}"]`)
    await reviewer.click(`${PICKER} [data-user-id="${ownerId}"]`)
    expect(await reviewer.inputValue(textarea)).toBe('@管理员 ')
    await reviewer.keyboard.insertText('看一下')
    await reviewer.click('[data-testid=comment-new] .comment-input__submit')
    await reviewer.waitForSelector('[data-testid=comment-composer]', { state: 'detached' })
    const opening = (await threads()).map((t) => t.comments[0])
    expect(opening).toContainEqual(expect.objectContaining({ body: '@管理员 看一下', mentions: [ownerId] }))
    await cdp.detach()
    await reviewer.context().close()
  })

  it('an orphaned thread is re-anchored to newly selected text, and is no longer orphaned', async () => {
    const reviewer = await reviewerPage()
    await selectWords(reviewer, GONE)
    await reviewer.click('[data-testid=comment-selection-button]')
    await reviewer.fill('[data-testid=comment-new] textarea', '这个数字的来源？')
    await reviewer.click('[data-testid=comment-new] .comment-input__submit')
    await reviewer.waitForSelector('[data-testid=comment-composer]', { state: 'detached' })
    const stored = (await threads()).find((t) => t.anchor.quote === GONE)!
    const card = `${SIDEBAR} [data-thread-id="${stored.id}"]`

    // Someone deletes the words: the thread is orphaned.
    await editBody((doc) => {
      for (const p of paragraphsOf(doc)) {
        const text = p.get(0)
        if (!(text instanceof Y.XmlText)) continue
        const at = text.toString().indexOf(GONE)
        if (at >= 0) text.delete(at, GONE.length)
      }
    })
    await reviewer.waitForSelector(`${card}[data-orphaned=true]`)
    expect(await resolvedOnServer(stored.anchor)).toBe('orphaned')

    // The thread's author selects new words and moves the thread there.
    await selectWords(reviewer, NEW_WORDS)
    await reviewer.click(`${card} [data-testid=comment-reanchor]`)
    await reviewer.waitForSelector(`${card}[data-orphaned=false]`)
    await reviewer.waitForSelector(`${BODY} .comment-anchor[data-comment-thread="${stored.id}"]`)
    expect(await reviewer.textContent(`${card} .comment-thread__anchor .comment-quote`)).toBe(NEW_WORDS)
    await reviewer.screenshot({ path: path.join(ARTIFACTS_DIR, 'comments-reanchored.png') })

    const moved = (await threads()).find((t) => t.id === stored.id)!
    expect(moved.anchor.quote).toBe(NEW_WORDS)
    expect(await resolvedOnServer(moved.anchor)).toBe('anchored')
    expect(moved.comments).toHaveLength(1)

    // Another reviewer may not move it (403, nothing changed); an editor may.
    const other = await api.createUser('sun.he', 'sun-meadow-2290')
    await api.setRole(reportId, other.id, 'reviewer')
    const refused = await other.api.call('PATCH', `/api/reports/${reportId}/comments/${stored.id}`, { anchor: stored.anchor })
    expect(refused.status).toBe(403)
    expect((await threads()).find((t) => t.id === stored.id)!.anchor).toEqual(moved.anchor)
    await api.setRole(reportId, other.id, 'editor')
    const allowed = await other.api.call('PATCH', `/api/reports/${reportId}/comments/${stored.id}`, { anchor: moved.anchor })
    expect(allowed.status).toBe(200)
    await reviewer.context().close()
  })

  it('a published report’s panel says once that new threads are refused, and moving a thread is refused (423)', async () => {
    const created = await api.call<{ id: string }>('POST', '/api/reports', { title: '已发布评论', period: '2026-10', series: 'published-comments' })
    const id = created.body.id
    expect((await api.call('PUT', `/api/reports/${id}/content`, publishableReport('2026-10'))).status).toBe(200)
    const reviewerId = (await api.call<{ id: string; username: string }[]>('GET', '/api/users')).body.find(
      (u) => u.username === REVIEWER.username,
    )!.id
    await api.setRole(id, reviewerId, 'reviewer')
    const anchor = { blockId: 'b-published', quote: '整段' }
    const thread = await api.call<{ id: string }>('POST', `/api/reports/${id}/comments`, { anchor, body: '发布前的评论' })
    expect(thread.status).toBe(201)
    const published = await api.call('POST', `/api/reports/${id}/publish`, {})
    expect(published.status, JSON.stringify(published.body)).toBe(201)

    const page = await login(REVIEWER.username, REVIEWER.password)
    await openReport(page, id)
    await page.waitForSelector(`${SIDEBAR} .comments-note:has-text("不能新建评论")`)
    // The open list is empty after the thread is resolved: still one message, without the hint to start a thread.
    expect((await api.call('PATCH', `/api/reports/${id}/comments/${thread.body.id}`, { resolved: true })).status).toBe(200)
    await page.waitForSelector(`${SIDEBAR} .comments-note:has-text("没有未解决的评论")`)
    const text = (await page.textContent(SIDEBAR))!
    expect(text).toContain('不能新建评论')
    expect(text).not.toContain('选中文字')
    expect(await page.$('[data-testid=comment-selection-button]')).toBeNull()
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'comments-published-panel.png') })
    await page.context().close()

    expect((await api.call('POST', `/api/reports/${id}/comments`, { anchor, body: '新评论' })).status).toBe(423)
    const moved = await api.call('PATCH', `/api/reports/${id}/comments/${thread.body.id}`, { anchor: { ...anchor, quote: '别处' } })
    expect(moved.status).toBe(423)
    expect((await threads(id))[0]?.anchor).toEqual(anchor)
  })
})
