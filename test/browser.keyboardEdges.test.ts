/**
 * "With the keyboard at the edges of every block … no single key destroys a
 * block", in real Chromium at 1440 px through the real server:
 * - ↑ / ↓ around a metrics table move into its rows and out of them, and
 *   never put the caret anywhere else (the report's title at the top);
 * - in a feedback summary, Backspace and Enter in an empty theme leave the
 *   theme list as they leave a list item; a theme with text survives
 *   Backspace at its start.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { Api } from './helpers/api'
import { launchBrowser, loginPage } from './helpers/browser'
import { startServer, type TestServer } from './helpers/startServer'
import { waitUntil } from './helpers/wait'

let server: TestServer
let browser: Browser
let api: Api
const pageErrors: string[] = []
const pages: Page[] = []

const BODY = '[data-testid=report-body]'
const SAVED = '[data-testid=save-status][data-status=saved]'
const FIN = `${BODY} section[data-section=financials]`
const FIN_ROWS = `${FIN} [data-testid=metric-row]`

async function openReport(reportId: string): Promise<Page> {
  const page = await loginPage(browser, server.url, 'admin', 'admin-password-1', pageErrors)
  pages.push(page)
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.click(`[data-report-id="${reportId}"]`)
  await page.waitForSelector(`${BODY} section[data-section=summary_outlook]`)
  await page.waitForSelector(SAVED)
  return page
}

/** Lets the editor read a moved caret (selectionchange runs after the key). */
const settle = (page: Page) => page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve))))

/** Where the keyboard is: the focused cell as `row index/name` of the financials table, or the element the caret is in. */
async function focusAt(page: Page): Promise<string> {
  await settle(page)
  return page.evaluate((finRows) => {
    const el = document.activeElement
    if (el instanceof HTMLInputElement || el instanceof HTMLButtonElement) {
      const rows = Array.from(document.querySelectorAll(finRows))
      const row = el.closest('[data-testid=metric-row]')
      return row && rows.includes(row) ? `row ${rows.indexOf(row)}/${el.getAttribute('name')}` : `other ${el.tagName} ${el.getAttribute('name')}`
    }
    const node = window.getSelection()?.anchorNode
    const at = node instanceof Element ? node : node?.parentElement
    const block = at?.closest('h1, h2, p')
    const section = at?.closest('section')?.getAttribute('data-section') ?? 'none'
    return `${section} ${block?.tagName.toLowerCase() ?? '?'}`
  }, FIN_ROWS)
}

beforeAll(async () => {
  server = await startServer({ env: { SEED_DEMO: 'false' } })
  api = await Api.login(server.url)
  browser = await launchBrowser()
})

afterEach(async () => {
  for (const page of pages.splice(0)) await page.context().close()
  expect(pageErrors.splice(0)).toEqual([])
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

describe('↑ / ↓ around a metrics table', () => {
  it('move into the table and out of it, never to the title', async () => {
    const reportId = await api.createReport('方向键测试', '2026-11')
    const page = await openReport(reportId)
    const title = async () => page.textContent(`${BODY} > h1`)
    expect(await title()).toBe('方向键测试')
    const rows = (await page.$$(FIN_ROWS)).length
    expect(rows).toBe(2)

    // ↑ from the empty paragraph below the table: into its last row.
    await page.click(`${FIN} > p`)
    expect(await focusAt(page)).toBe('financials p')
    await page.keyboard.press('ArrowUp')
    expect(await focusAt(page)).toBe('row 1/name')
    // ↑ / ↓ inside the table move by rows; ↓ from the last row leaves it to the paragraph below.
    await page.keyboard.press('ArrowUp')
    expect(await focusAt(page)).toBe('row 0/name')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowDown')
    expect(await focusAt(page)).toBe('financials p')
    await page.keyboard.type('Z')
    expect(await page.textContent(`${FIN} > p`)).toBe('Z')
    expect(await title()).toBe('方向键测试')

    // ↓ from the section heading above the table: into its first row; ↑ from there back to the heading.
    await page.click(`${FIN} > h2`)
    await page.keyboard.press('End')
    expect(await focusAt(page)).toBe('financials h2')
    await page.keyboard.press('ArrowDown')
    expect(await focusAt(page)).toBe('row 0/name')
    await page.keyboard.press('ArrowUp')
    expect(await focusAt(page)).toBe('financials h2')
    await page.keyboard.type('Y')
    expect(await page.textContent(`${FIN} > h2`)).toBe('财务概况Y')
    expect(await title()).toBe('方向键测试')

    // A table that ends its section: ↓ from its last row makes a paragraph below it.
    await page.click(`${FIN} > p`)
    await page.keyboard.press('End')
    await page.keyboard.press('Backspace')
    await page.keyboard.press('Backspace')
    await waitUntil(async () => (await page.$$(`${FIN} > p`)).length === 0, 'the empty paragraph removed')
    await page.click(`${FIN_ROWS} >> nth=1 >> input[name=current]`)
    await page.keyboard.press('ArrowDown')
    await waitUntil(async () => (await page.$$(`${FIN} > p`)).length === 1, 'a paragraph below the table')
    expect(await focusAt(page)).toBe('financials p')
    await page.keyboard.type('W')
    expect(await page.textContent(`${FIN} > p`)).toBe('W')
    expect(await title()).toBe('方向键测试')
    expect((await page.$$(FIN_ROWS)).length).toBe(rows)
    await page.waitForSelector(SAVED)
  })
})

describe('↑ / ↓ past a KPI block and a trend chart', () => {
  it('select each as a node, then enter the metrics table above them; ↓ comes back; never the title', async () => {
    const reportId = await api.createReport('方向键图表测试', '2026-11')
    const page = await openReport(reportId)
    const DATA = `${BODY} section[data-section=data_statistics]`
    /** Waits until the block `testId` is the one selected as a node (the view marks it a moment after the key). */
    const selected = (testId: string) =>
      waitUntil(
        async () => (await page.$$eval(`${DATA} .ProseMirror-selectednode [data-testid]`, (els) => els[0]?.getAttribute('data-testid'))) === testId,
        `${testId} selected`,
      )
    const cell = () =>
      page.evaluate((data) => {
        const el = document.activeElement
        const rows = Array.from(document.querySelectorAll(`${data} [data-testid=metric-row]`))
        const row = el?.closest('[data-testid=metric-row]')
        return row ? `row ${rows.indexOf(row)}/${el?.getAttribute('name')} of ${rows.length}` : 'none'
      }, DATA)
    await page.click(`${DATA} > p`)
    await settle(page)
    await page.keyboard.press('ArrowUp')
    await selected('trend-chart')
    await page.keyboard.press('ArrowUp')
    await selected('kpi-block')
    await page.keyboard.press('ArrowUp')
    await waitUntil(async () => (await cell()) === 'row 5/name of 6', 'the last row of the metrics table entered')
    // ↓ twice without a pause, the page's next frame held back until the second key (a fast hand, or a
    // busy machine): leaving the table must hand the focus to the editor at once, or the second key
    // goes to the cell being left.
    await page.evaluate(() => {
      const raf = window.requestAnimationFrame.bind(window)
      const held: FrameRequestCallback[] = []
      let keyups = 0
      const release = () => {
        if (++keyups < 2) return
        window.removeEventListener('keyup', release, true)
        window.requestAnimationFrame = raf
        for (const cb of held) raf(cb)
      }
      window.addEventListener('keyup', release, true)
      window.requestAnimationFrame = (cb) => (held.push(cb), 0)
    })
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowDown')
    await selected('trend-chart')
    await page.keyboard.press('ArrowDown')
    expect(await focusAt(page)).toBe('data_statistics p')
    await page.keyboard.type('Z')
    expect(await page.textContent(`${DATA} > p`)).toBe('Z')
    expect(await page.textContent(`${BODY} > h1`)).toBe('方向键图表测试')
  })
})

describe('↑ / ↓ across a card with a field row', () => {
  it('go between the next section\'s heading and the issue card\'s text, never into its fields or the title', async () => {
    const reportId = await api.createReport('方向键卡片测试', '2026-11')
    const page = await openReport(reportId)
    const card = `${BODY} section[data-section=problem_analysis] [data-testid=issue-card]`
    const heading = `${BODY} section[data-section=improvements] > h2`
    const inCard = () =>
      page.evaluate((sel) => {
        const node = window.getSelection()?.anchorNode
        const at = node instanceof Element ? node : node?.parentElement
        return document.activeElement?.tagName !== 'INPUT' && !!at?.closest(`${sel} .nv-content`)
      }, card)
    await page.click(heading)
    await page.keyboard.press('Home')
    expect(await focusAt(page)).toBe('improvements h2')
    await page.keyboard.press('ArrowUp')
    await settle(page)
    expect(await inCard()).toBe(true)
    await page.keyboard.press('ArrowDown')
    expect(await focusAt(page)).toBe('improvements h2')
    expect(await page.textContent(`${BODY} > h1`)).toBe('方向键卡片测试')
  })
})

describe('keys in an empty feedback theme', () => {
  it('Enter and Backspace leave the list; a theme with text survives Backspace at its start', async () => {
    const reportId = await api.createReport('反馈主题按键测试', '2026-11')
    const page = await openReport(reportId)
    const summary = `${BODY} [data-testid=feedback-summary]`
    const THEME = `${summary} [data-testid=feedback-theme]`
    const themeTexts = () => page.$$eval(`${THEME} .nv-theme-text`, (els) => els.map((el) => el.textContent))
    const summaryText = () => page.textContent(`${summary} .nv-feedback-content p`)

    await page.click(`${summary} button[name=addTheme]`)
    await waitUntil(async () => (await page.$$(THEME)).length === 1, 'the first theme')
    await page.keyboard.type('价格')
    // Enter in a theme with text starts another; Enter in that empty one removes it, the caret goes to the summary text.
    await page.keyboard.press('Enter')
    await waitUntil(async () => (await page.$$(THEME)).length === 2, 'the second theme')
    await page.keyboard.press('Enter')
    await waitUntil(async () => (await page.$$(THEME)).length === 1, 'the empty theme removed by Enter')
    await page.keyboard.type('S')
    expect(await summaryText()).toBe('S')
    expect(await themeTexts()).toEqual(['价格'])

    // Backspace in an empty theme removes it, the caret goes to the end of the previous theme.
    await page.click(`${summary} button[name=addTheme]`)
    await waitUntil(async () => (await page.$$(THEME)).length === 2, 'the added theme')
    await settle(page)
    await page.keyboard.press('Backspace')
    await waitUntil(async () => (await page.$$(THEME)).length === 1, 'the empty theme removed by Backspace')
    await page.keyboard.type('X')
    expect(await themeTexts()).toEqual(['价格X'])

    // Backspace at the start of a theme with text keeps it.
    await page.click(`${THEME} .nv-theme-text`)
    await page.keyboard.press('Home')
    await settle(page)
    await page.keyboard.press('Backspace')
    await page.keyboard.press('Backspace')
    expect(await themeTexts()).toEqual(['价格X'])

    // The first theme, emptied: Backspace removes it, the caret goes to the start of the summary text.
    await page.keyboard.press('Shift+End')
    await settle(page)
    await page.keyboard.press('Backspace')
    expect(await themeTexts()).toEqual([''])
    await page.keyboard.press('Backspace')
    await waitUntil(async () => (await page.$$(THEME)).length === 0, 'the first theme removed')
    await page.keyboard.type('F')
    expect(await summaryText()).toBe('FS')
    await page.waitForSelector(SAVED)
    const stored = JSON.stringify((await api.call('GET', `/api/reports/${reportId}/content`)).body)
    expect(stored).not.toContain('feedbackTheme')
    expect(await page.textContent(`${BODY} > h1`)).toBe('反馈主题按键测试')
  })
})
