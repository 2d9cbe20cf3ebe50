/**
 * Two editors in real Chromium see each other's comment changes live — a
 * new thread, a reply, an edit, resolving, a deletion — from the thread the
 * server pushes with each change (type 102), without fetching the comment
 * list again: after each page's first load, neither requests
 * `GET /api/reports/:id/comments` (issue 13: 8 editors refetching the whole
 * list on every change made 1 GiB of traffic in 10 s).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { Api } from './helpers/api'
import { launchBrowser, loginPage } from './helpers/browser'
import { stopAndRemove } from './helpers/cleanup'
import { appendParagraph } from './helpers/doc'
import { openProvider, waitProviderSynced, waitServerHasText } from './helpers/provider'
import { startServer, ADMIN_PASSWORD, type TestServer } from './helpers/startServer'

let server: TestServer
let browser: Browser
let api: Api
let reportId: string
const pageErrors: string[] = []

const BODY = '[data-testid=report-body]'
const SIDEBAR = '[data-testid=comments-sidebar]'
const WORDS = '一次解决率 95%'
const PARAGRAPH = `本月${WORDS}，达成目标。`

/** Comment-list requests (`GET …/comments`) each page made. */
const listFetches = new Map<Page, number>()

async function open(username: string, password: string): Promise<Page> {
  const page = await loginPage(browser, server.url, username, password, pageErrors)
  listFetches.set(page, 0)
  page.on('request', (req) => {
    if (req.method() === 'GET' && new URL(req.url()).pathname === `/api/reports/${reportId}/comments`) {
      listFetches.set(page, listFetches.get(page)! + 1)
    }
  })
  page.on('dialog', (dialog) => void dialog.accept()) // the delete confirmation
  await page.click(`[data-report-id="${reportId}"]`)
  await page.waitForFunction((t) => document.querySelector('[data-testid=report-body]')?.textContent?.includes(t), WORDS)
  // Open the sidebar even while there is no thread yet.
  const expand = await page.$('[data-testid=comments-rail] button')
  if (expand) await expand.click()
  await page.waitForSelector(SIDEBAR)
  return page
}

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
        window.getSelection()!.removeAllRanges()
        window.getSelection()!.addRange(range)
        return
      }
      throw new Error(`"${words}" is not in the editor`)
    },
    { body: BODY, words },
  )
}

const commentsIn = (page: Page, card: string) => page.$$eval(`${card} [data-testid=comment] .comment__body`, (els) => els.map((e) => e.textContent))

beforeAll(async () => {
  server = await startServer()
  api = await Api.login(server.url)
  reportId = await api.createReport('评论实时推送', '2026-11')
  const { id } = await api.createUser('li.bian', 'li-bian-river-4821')
  await api.setRole(reportId, id, 'editor')
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

describe('comment changes reach the other editor as the changed thread', () => {
  it('a new thread, a reply, an edit, resolving and a deletion show live in the other window, with no refetch of the list', async () => {
    const owner = await open('admin', ADMIN_PASSWORD)
    const editor = await open('li.bian', 'li-bian-river-4821')
    // Both windows loaded the list (at start, and when their socket connected); from here on, no more.
    const loaded = new Map([...listFetches])
    expect(loaded.get(owner)).toBeGreaterThan(0)
    expect(loaded.get(editor)).toBeGreaterThan(0)

    // The owner starts a thread on the words.
    await selectWords(owner, WORDS)
    await owner.click('[data-testid=comment-selection-button]')
    await owner.fill('[data-testid=comment-new] textarea', '请注明统计口径。')
    await owner.click('[data-testid=comment-new] .comment-input__submit')
    const threadId = (await (await owner.waitForSelector(`${SIDEBAR} [data-testid=comment-thread]`)).getAttribute('data-thread-id'))!
    const card = `${SIDEBAR} [data-thread-id="${threadId}"]`
    await editor.waitForSelector(card)
    await editor.waitForSelector(`${BODY} .comment-anchor[data-comment-thread="${threadId}"]`)
    expect(await commentsIn(editor, card)).toEqual(['请注明统计口径。'])

    // The editor replies; the owner sees it.
    await editor.click(`${card} .comment-thread__anchor`)
    await editor.fill(`${card} [data-testid=comment-reply] textarea`, '口径：72 小时内未重复进线。')
    await editor.click(`${card} [data-testid=comment-reply] .comment-input__submit`)
    await owner.waitForFunction((sel) => document.querySelectorAll(`${sel} [data-testid=comment]`).length === 2, card)

    // The editor corrects the reply; the owner sees the new words.
    const reply = `${card} [data-testid=comment]:nth-child(2)`
    await editor.click(`${reply} .comment__actions button:has-text("编辑")`)
    await editor.fill(`${reply} textarea`, '口径：72 小时内未再次进线。')
    await editor.click(`${reply} button.primary`)
    await owner.waitForFunction(
      (sel) => document.querySelector(`${sel} [data-testid=comment]:nth-child(2) .comment__body`)?.textContent === '口径：72 小时内未再次进线。',
      card,
    )

    // The owner deletes the reply; the editor sees it go.
    await owner.click(`${card} .comment-thread__anchor`)
    await owner.click(`${reply} .comment__delete`)
    await editor.waitForFunction((sel) => document.querySelectorAll(`${sel} [data-testid=comment]`).length === 1, card)

    // The owner resolves; the thread leaves the editor's open list and appears under 已解决.
    await owner.click(`${card} [data-testid=comment-resolve]`)
    await editor.waitForSelector(card, { state: 'detached' })
    await editor.click(`${SIDEBAR} [data-filter=resolved]`)
    await editor.waitForSelector(`${card}[data-resolved=true]`)
    expect(await commentsIn(editor, card)).toEqual(['请注明统计口径。'])

    expect(listFetches.get(owner), 'the owner fetched the comment list again').toBe(loaded.get(owner))
    expect(listFetches.get(editor), 'the editor fetched the comment list again').toBe(loaded.get(editor))
    await owner.context().close()
    await editor.context().close()
  })
})
