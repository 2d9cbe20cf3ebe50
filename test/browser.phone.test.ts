/**
 * The demo report on a phone (390 × 844) and a tablet (768 × 1024) in real
 * Chromium through the real server: no sideways scroll, the document takes the
 * width, the outline and the comments are drawers (a button opens each, Escape
 * or ✕ closes it) that do not cover the document while closed, the insert
 * toolbar is a menu, and a reviewer can comment and resolve at 390 px. At
 * 1440 × 900 the desktop layout is unchanged (outline beside, sidebar beside).
 * Screenshots go to test-artifacts/ (phone-390-*.png, tablet-768-*.png, desktop-1440-*.png).
 */
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { DEMO_TITLE } from '../server/demo/demoReportContent'
import { Api } from './helpers/api'
import { ARTIFACTS_DIR, launchBrowser, loginPage } from './helpers/browser'
import { stopAndRemove } from './helpers/cleanup'
import { startServer, ADMIN_PASSWORD, type TestServer } from './helpers/startServer'

let server: TestServer
let browser: Browser
let demoId: string
const pageErrors: string[] = []

const BODY = '[data-testid=report-body]'
const CONTENT = '.editor-content'
const OUTLINE = 'nav.outline'
const SIDEBAR = '[data-testid=comments-sidebar]'
const WORDS = '预算执行率 97%'

interface Box {
  x: number
  y: number
  width: number
  height: number
}

const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height

/** The element's box if it is shown (not display:none / visibility:hidden / zero-sized), else null. */
async function shownBox(page: Page, selector: string): Promise<Box | null> {
  return page.evaluate((sel) => {
    const el = document.querySelector(sel)
    if (!el) return null
    const style = getComputedStyle(el)
    const r = el.getBoundingClientRect()
    if (style.display === 'none' || style.visibility === 'hidden' || r.width === 0 || r.height === 0) return null
    return { x: r.x, y: r.y, width: r.width, height: r.height }
  }, selector)
}

async function openDemo(width: number, height: number): Promise<Page> {
  const page = await loginPage(browser, server.url, 'admin', ADMIN_PASSWORD, pageErrors)
  await page.setViewportSize({ width, height })
  await page.click(`[data-report-id="${demoId}"]`)
  await page.waitForSelector(`${BODY} section[data-section=highlights]`)
  await page.waitForSelector('[data-testid=save-status][data-status=saved]')
  return page
}

/** Nothing scrolls sideways; the document column is at least `share` of the viewport; nothing beside it covers it. */
async function expectDocumentTakesWidth(page: Page, share: number): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }))
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth)
  const content = (await shownBox(page, CONTENT))!
  expect(content.width).toBeGreaterThanOrEqual(share * innerWidth)
  // A document of normal proportions, not a 0 px column tens of thousands of pixels tall.
  expect(content.height).toBeLessThan(40 * content.width)
  for (const beside of [OUTLINE, SIDEBAR, '[data-testid=comments-rail]']) {
    const box = await shownBox(page, beside)
    if (box) expect(overlaps(box, content), `${beside} covers the document`).toBe(false)
  }
}

/** The drawer opened by `toggle` shows, closes with ✕ and with Escape, and gives focus back to its button. */
async function expectDrawer(page: Page, toggle: string, drawer: string, close: string, shot: string): Promise<void> {
  expect(await shownBox(page, drawer)).toBeNull()
  await page.click(toggle)
  await page.waitForSelector(drawer, { state: 'visible' })
  await page.screenshot({ path: path.join(ARTIFACTS_DIR, shot) })
  await page.click(close)
  await page.waitForSelector(drawer, { state: 'hidden' })
  // Keyboard: Enter on the focused button opens, Escape closes.
  await page.focus(toggle)
  await page.keyboard.press('Enter')
  await page.waitForSelector(drawer, { state: 'visible' })
  await page.keyboard.press('Escape')
  await page.waitForSelector(drawer, { state: 'hidden' })
  expect(await page.evaluate((sel) => document.activeElement === document.querySelector(sel), toggle)).toBe(true)
}

/** Every field label of the goal, feedback and issue cards: no word split across lines, nothing spilling out of its label. */
async function expectWholeLabels(page: Page): Promise<void> {
  const split = await page.evaluate(() => {
    const bad: string[] = []
    for (const span of document.querySelectorAll<HTMLElement>('.nv-goal .nv-field > span, .nv-feedback .nv-field > span, .nv-issue .nv-field > span')) {
      const text = span.firstChild
      if (!text || text.nodeType !== Node.TEXT_NODE) continue
      if (span.scrollWidth > span.clientWidth + 1) bad.push(`${span.textContent} overflows`)
      const content = text.textContent ?? ''
      for (const m of content.matchAll(/\S+/g)) {
        const range = document.createRange()
        range.setStart(text, m.index)
        range.setEnd(text, m.index + m[0].length)
        if (range.getClientRects().length !== 1) bad.push(`${m[0]} split`)
      }
    }
    return bad
  })
  expect(split).toEqual([])
}

/** The demo in `locale` at `width` px (the UI language is remembered in localStorage). */
async function openDemoIn(locale: 'en' | 'zh-CN', width: number, height: number): Promise<Page> {
  const page = await openDemo(width, height)
  await page.evaluate((l) => localStorage.setItem('ops-report.locale', l), locale)
  await page.reload()
  await page.waitForSelector(`${BODY} section[data-section=highlights]`)
  return page
}

beforeAll(async () => {
  server = await startServer()
  const api = await Api.login(server.url)
  const list = (await api.call<{ id: string; title: string }[] | { reports: { id: string; title: string }[] }>('GET', '/api/reports')).body
  const reports = Array.isArray(list) ? list : list.reports
  demoId = reports.find((r) => r.title === DEMO_TITLE)!.id
  browser = await launchBrowser()
})

afterEach(() => {
  expect(pageErrors.splice(0)).toEqual([])
})

afterAll(async () => {
  await browser?.close()
  await stopAndRemove(server)
})

describe('the demo report on a phone and a tablet', () => {
  it('at 390 × 844: the document takes the width, outline and comments are drawers, the toolbar is a menu, a comment is added and resolved', async () => {
    const page = await openDemo(390, 844)
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'phone-390-top.png') })
    await expectDocumentTakesWidth(page, 0.9)

    await expectDrawer(page, '[data-testid=outline-toggle]', OUTLINE, '[data-testid=outline-close]', 'phone-390-outline.png')
    // A heading in the drawer jumps there and closes the drawer.
    await page.click('[data-testid=outline-toggle]')
    await page.click(`${OUTLINE} button:text("财务概况")`)
    await page.waitForSelector(OUTLINE, { state: 'hidden' })

    await expectDrawer(page, '[data-testid=comments-toggle]', SIDEBAR, '.comments-collapse', 'phone-390-comments.png')

    // The insert toolbar is one menu button; its items open below it and stay inside the screen.
    expect(await shownBox(page, '[data-testid=insert-issue]')).toBeNull()
    await page.click('[data-testid=insert-menu-toggle]')
    expect(await shownBox(page, '[data-testid=insert-issue]')).not.toBeNull()
    const menu = (await shownBox(page, '#insert-toolbar-items'))!
    expect(menu.x).toBeGreaterThanOrEqual(0)
    expect(menu.x + menu.width).toBeLessThanOrEqual(390)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'phone-390-insert-menu.png') })
    await page.keyboard.press('Escape')
    expect(await shownBox(page, '[data-testid=insert-issue]')).toBeNull()
    // A tap outside closes it too.
    await page.click('[data-testid=insert-menu-toggle]')
    expect(await shownBox(page, '[data-testid=insert-issue]')).not.toBeNull()
    await page.mouse.click(200, 800)
    expect(await shownBox(page, '[data-testid=insert-issue]')).toBeNull()

    // Comment on selected words, then resolve the thread, all at 390 px.
    await page.evaluate(
      ({ body, words }) => {
        const root = document.querySelector(body)!
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const at = node.textContent!.indexOf(words)
          if (at < 0) continue
          ;(node.parentElement as HTMLElement).scrollIntoView({ block: 'center' })
          const range = document.createRange()
          range.setStart(node, at)
          range.setEnd(node, at + words.length)
          window.getSelection()!.removeAllRanges()
          window.getSelection()!.addRange(range)
          return
        }
        throw new Error(`"${words}" is not in the editor`)
      },
      { body: BODY, words: WORDS },
    )
    await page.click('[data-testid=comment-selection-button]')
    await page.waitForSelector('[data-testid=comment-composer]', { state: 'visible' })
    await page.fill('[data-testid=comment-new] textarea', '预算执行率的口径？')
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'phone-390-comment-compose.png') })
    await page.click('[data-testid=comment-new] .comment-input__submit')
    const thread = await page.waitForSelector(`${SIDEBAR} [data-testid=comment-thread]`, { state: 'visible' })
    const card = `${SIDEBAR} [data-thread-id="${await thread.getAttribute('data-thread-id')}"]`
    await page.click(`${card} [data-testid=comment-resolve]`)
    await page.waitForSelector(card, { state: 'detached' })
    await page.click(`${SIDEBAR} [data-filter=resolved]`)
    await page.waitForSelector(`${card}[data-resolved=true]`)
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'phone-390-comment-resolved.png') })
    await page.keyboard.press('Escape')
    await page.waitForSelector(SIDEBAR, { state: 'hidden' })
    await expectDocumentTakesWidth(page, 0.9)
    await page.context().close()
  })

  for (const locale of ['en', 'zh-CN'] as const) {
    it(`at 390 px in ${locale}: card labels are whole words, the issue title is usable, goal fields do not overlap`, async () => {
      const page = await openDemoIn(locale, 390, 844)
      for (const [card, shot] of [['issue-card', 'issue'], ['goal-card', 'goal'], ['feedback-summary', 'feedback']] as const) {
        const el = page.locator(`[data-testid=${card}]`).first()
        await el.scrollIntoViewIfNeeded()
        await el.screenshot({ path: path.join(ARTIFACTS_DIR, `phone-390-${shot}-${locale}.png`) })
      }
      await expectWholeLabels(page)
      const title = (await page.locator('[data-testid=issue-card] input[name=title]').first().boundingBox())!
      expect(title.width).toBeGreaterThanOrEqual(120)
      // No two goal fields cover each other (the deadline box once covered the direction button).
      const boxes = await page.locator('[data-testid=goal-card]').first().locator('.nv-goal-fields > .nv-field').evaluateAll((els) =>
        els.map((e) => {
          const r = e.getBoundingClientRect()
          return { x: r.x, y: r.y, width: r.width, height: r.height }
        }),
      )
      for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) expect(overlaps(boxes[i]!, boxes[j]!), `goal fields ${i} and ${j}`).toBe(false)
      await page.context().close()
    })
  }

  it('at 768 × 1024: no sideways scroll, the document takes most of the width, drawers open and close', async () => {
    const page = await openDemo(768, 1024)
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'tablet-768-top.png') })
    await expectDocumentTakesWidth(page, 0.6)
    await expectDrawer(page, '[data-testid=outline-toggle]', OUTLINE, '[data-testid=outline-close]', 'tablet-768-outline.png')
    await expectDrawer(page, '[data-testid=comments-toggle]', SIDEBAR, '.comments-collapse', 'tablet-768-comments.png')
    await page.context().close()
  })

  it('at 1440 × 900 the desktop layout stays: outline and toolbar shown beside the document, no drawer buttons', async () => {
    const page = await openDemo(1440, 900)
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'desktop-1440-top.png') })
    const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }))
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth)
    const outline = (await shownBox(page, OUTLINE))!
    const content = (await shownBox(page, CONTENT))!
    expect(outline.x + outline.width).toBeLessThanOrEqual(content.x)
    expect(await shownBox(page, '[data-testid=insert-issue]')).not.toBeNull()
    expect(await shownBox(page, '[data-testid=outline-toggle]')).toBeNull()
    expect(await shownBox(page, '[data-testid=insert-menu-toggle]')).toBeNull()
    await page.context().close()
  })

  it('at 1440 × 900 in English, scrolled: the sticky header does not cover the insert toolbar', async () => {
    const page = await openDemoIn('en', 1440, 900)
    await page.evaluate(() => window.scrollTo(0, 1500))
    await page.waitForFunction(() => window.scrollY > 1000)
    const header = (await shownBox(page, '.editor-toolbar'))!
    const toolbar = (await shownBox(page, '.insert-toolbar'))!
    expect(header.y + header.height).toBeLessThanOrEqual(toolbar.y + 1)
    expect(await page.getAttribute('.editor-title strong', 'title')).toBe(DEMO_TITLE)
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'desktop-1440-en-scrolled.png') })
    await page.context().close()
  })
})
