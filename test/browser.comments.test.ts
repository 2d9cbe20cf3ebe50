/**
 * Review comments in real Chromium through the real server: a reviewer (whose
 * editor is read-only) selects text and comments on it, mentioning the
 * owner; the owner's window shows the thread live with its highlight and the
 * unread mention, replies and resolves; the reviewer sees it resolved. A
 * comment on a KPI block goes through the block's 💬 action. The report body
 * is never changed by any of it.
 */
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { Api } from './helpers/api'
import { ARTIFACTS_DIR, launchBrowser, loginPage } from './helpers/browser'
import { stopAndRemove } from './helpers/cleanup'
import { appendParagraph } from './helpers/doc'
import { openProvider, waitProviderSynced, waitServerHasText } from './helpers/provider'
import { startServer, ADMIN_PASSWORD, type TestServer } from './helpers/startServer'

let server: TestServer
let browser: Browser
let api: Api
let reportId: string
/** Errors the pages logged; any of them fails the test. */
const pageErrors: string[] = []

const BODY = '[data-testid=report-body]'
const SIDEBAR = '[data-testid=comments-sidebar]'
const WORDS = '满意度提升至 92%'
const PARAGRAPH = `本月客户${WORDS}，夜间排队时长下降。`

const login = (username: string, password: string): Promise<Page> => loginPage(browser, server.url, username, password, pageErrors)

async function openReport(page: Page): Promise<void> {
  await page.click(`[data-report-id="${reportId}"]`)
  await page.waitForSelector(`${BODY} section[data-section=highlights]`)
}

/** Selects `words` inside the editor's text with a DOM range, as a mouse drag would. */
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
}

beforeAll(async () => {
  server = await startServer()
  api = await Api.login(server.url)
  reportId = await api.createReport('评论浏览器测试', '2026-11')
  const { id } = await api.createUser('zhao.shen', 'zhao-river-4821')
  await api.setRole(reportId, id, 'reviewer')
  // The text to review, written by an editor's client before anyone opens the report.
  const writer = openProvider(server.wsUrl, reportId, api.token!)
  await waitProviderSynced(writer)
  appendParagraph(writer.doc, PARAGRAPH, 0)
  await waitServerHasText(writer, api, reportId)
  writer.destroy()
  browser = await launchBrowser()
})

afterEach(() => {
  expect(pageErrors.splice(0)).toEqual([])
})

afterAll(async () => {
  await browser?.close()
  await stopAndRemove(server)
})

describe('review comments in Chromium', () => {
  let reviewer: Page
  let owner: Page

  it('a reviewer comments on selected text; the owner sees it live, replies and resolves; the reviewer sees it resolved', async () => {
    const contentBefore = JSON.stringify((await api.call('GET', `/api/reports/${reportId}/content`)).body)
    expect(contentBefore).toContain(WORDS)

    owner = await login('admin', ADMIN_PASSWORD)
    reviewer = await login('zhao.shen', 'zhao-river-4821')
    await openReport(owner)
    await openReport(reviewer)
    await reviewer.waitForSelector(`${BODY}[contenteditable=false]`)
    await reviewer.waitForFunction((t) => document.querySelector('[data-testid=report-body]')?.textContent?.includes(t), WORDS)

    // Select, press the floating button, write with an @mention of the owner.
    await selectWords(reviewer, WORDS)
    await reviewer.click('[data-testid=comment-selection-button]')
    await reviewer.waitForSelector('[data-testid=comment-composer]')
    expect(await reviewer.textContent('[data-testid=comment-composer] .comment-quote')).toBe(WORDS)
    const composer = '[data-testid=comment-new]'
    await reviewer.fill(`${composer} textarea`, '这个数字的口径是什么？')
    const ownerId = (await api.call<{ id: string }>('GET', '/api/auth/me')).body.id
    await reviewer.selectOption(`${composer} select[name=mention]`, ownerId)
    expect(await reviewer.inputValue(`${composer} textarea`)).toContain('@管理员')
    await reviewer.click(`${composer} .comment-input__submit`)
    const thread = await reviewer.waitForSelector(`${SIDEBAR} [data-testid=comment-thread]`)
    const threadId = (await thread.getAttribute('data-thread-id'))!
    const card = `${SIDEBAR} [data-thread-id="${threadId}"]`
    const highlight = `${BODY} .comment-anchor[data-comment-thread="${threadId}"]`
    await reviewer.waitForSelector(highlight)

    // The owner's window: live, highlighted, with the unread mention.
    await owner.waitForSelector(card)
    await owner.waitForSelector(highlight)
    expect(await owner.$$eval(highlight, (els) => els.map((e) => e.textContent).join(''))).toBe(WORDS)
    expect(await owner.textContent(`${card} [data-testid=comment]`)).toContain('这个数字的口径是什么？')
    expect(await owner.textContent('[data-testid=comments-unread]')).toBe('@1')
    expect(await owner.getAttribute(card, 'data-unread')).toBe('1')

    // Opening the thread marks the mention read and shows the reply box; reply, then resolve.
    await owner.click(`${card} .comment-thread__anchor`)
    await owner.waitForSelector('[data-testid=comments-unread]', { state: 'detached' })
    await owner.waitForSelector(`${highlight}.comment-active`)
    await owner.fill(`${card} [data-testid=comment-reply] textarea`, '口径见指标表：72 小时内未重复进线。')
    await owner.click(`${card} [data-testid=comment-reply] .comment-input__submit`)
    await owner.waitForFunction((sel) => document.querySelectorAll(`${sel} [data-testid=comment]`).length === 2, card)
    await reviewer.waitForFunction((sel) => document.querySelectorAll(`${sel} [data-testid=comment]`).length === 2, card)
    await owner.screenshot({ path: path.join(ARTIFACTS_DIR, 'comments-owner-thread.png') })
    await owner.click(`${card} [data-testid=comment-resolve]`)

    // The reviewer sees it leave the open list and appear under 已解决, with who resolved it.
    await reviewer.waitForSelector(card, { state: 'detached' })
    await reviewer.waitForSelector(highlight, { state: 'detached' })
    await reviewer.click(`${SIDEBAR} [data-filter=resolved]`)
    await reviewer.waitForSelector(`${card}[data-resolved=true]`)
    expect(await reviewer.textContent(`${card} .comment-resolved-by`)).toContain('已解决 · 管理员')
    await reviewer.click(`${card} .comment-thread__anchor`)
    await reviewer.waitForFunction((sel) => document.querySelectorAll(`${sel} [data-testid=comment]`).length === 2, card)
    await reviewer.screenshot({ path: path.join(ARTIFACTS_DIR, 'comments-reviewer-resolved.png') })

    // Nothing of this went into the body.
    expect(JSON.stringify((await api.call('GET', `/api/reports/${reportId}/content`)).body)).toBe(contentBefore)
    const stored = await api.call<{ threads: { id: string; resolved: boolean; comments: unknown[] }[] }>(
      'GET',
      `/api/reports/${reportId}/comments`,
    )
    expect(stored.body.threads).toEqual([expect.objectContaining({ id: threadId, resolved: true, comments: [expect.anything(), expect.anything()] })])
  })

  it('a KPI block gets a comment through its 💬 action, on one of its values', async () => {
    const kpi = `${BODY} [data-testid=kpi-block]`
    await reviewer.click(`${SIDEBAR} [data-filter=open]`)
    await reviewer.click(`${kpi} [data-testid=comment-block-button]`)
    await reviewer.waitForSelector('[data-testid=comment-composer]')
    // The server computes the block's values shortly after creation; each is a field to point at.
    const options = await reviewer.$$eval('[data-testid=comment-composer] select[name=field] option', (els) =>
      els.map((e) => (e as HTMLOptionElement).value),
    )
    const field = options.find((v) => v !== '')
    if (field) await reviewer.selectOption('[data-testid=comment-composer] select[name=field]', field)
    await reviewer.fill('[data-testid=comment-new] textarea', '这个 KPI 的计算口径需要说明。')
    await reviewer.click('[data-testid=comment-new] .comment-input__submit')

    const blockId = await reviewer.getAttribute(kpi, 'data-block-id')
    const card = `${SIDEBAR} [data-testid=comment-thread]`
    await reviewer.waitForSelector(card)
    // The decoration marks the node view's outer element.
    const marked = `${BODY} .comment-block:has([data-testid=kpi-block])`
    await reviewer.waitForSelector(marked)
    await owner.waitForSelector(marked)
    await owner.waitForSelector(`${card}:has-text("这个 KPI 的计算口径需要说明。")`)

    const stored = await api.call<{ threads: { anchor: { blockId: string; field?: string; relStart?: unknown } }[] }>(
      'GET',
      `/api/reports/${reportId}/comments`,
    )
    const kpiThread = stored.body.threads.find((t) => t.anchor.blockId === blockId)
    expect(kpiThread?.anchor).toMatchObject(field ? { blockId, field } : { blockId })
    expect(kpiThread?.anchor.relStart).toBeUndefined()
    await reviewer.screenshot({ path: path.join(ARTIFACTS_DIR, 'comments-kpi-block.png') })
    await owner.context().close()
    await reviewer.context().close()
  })
})
