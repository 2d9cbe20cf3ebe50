/**
 * Inserting blocks in real Chromium through the real server: one user
 * inserts every block type from the "/" menu (typing "/", part of the name,
 * Enter) and fills it; a colleague in another browser context sees each new
 * block, with its id, as it appears. Optional sections come from the same
 * menu and from the toolbar, and show up in the outline. Block ids stay
 * unique when blocks are copied and pasted.
 */
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { Api } from './helpers/api'
import { ARTIFACTS_DIR, launchBrowser, loginPage } from './helpers/browser'
import { startServer, type TestServer } from './helpers/startServer'

let server: TestServer
let browser: Browser
let reportId: string
/** Errors the pages logged; any of them fails the test. */
const pageErrors: string[] = []

const login = (username: string, password: string): Promise<Page> => loginPage(browser, server.url, username, password, pageErrors)

const BODY = '[data-testid=report-body]'

/** Block ids of the blocks with data-testid `testid` in the page's editor. */
function idsOf(page: Page, testid: string): Promise<string[]> {
  return page.$$eval(`${BODY} [data-testid=${testid}]`, (els) => els.map((el) => el.getAttribute('data-block-id') ?? ''))
}

/**
 * Types "/" and `query` at the cursor, checks that the menu highlights
 * `itemKey`, presses Enter and returns the id of the one new block with
 * data-testid `testid`.
 */
async function insertFromMenu(page: Page, query: string, itemKey: string, testid: string): Promise<string> {
  const before = new Set(await idsOf(page, testid))
  await page.keyboard.type('/')
  await page.waitForSelector('[data-testid=slash-menu]')
  await page.keyboard.type(query)
  await page.waitForSelector(`[data-testid=slash-menu] [data-testid=slash-item-${itemKey}][aria-selected=true]`)
  await page.keyboard.press('Enter')
  await page.waitForSelector('[data-testid=slash-menu]', { state: 'detached' })
  await page.waitForFunction(
    ({ selector, count }) => document.querySelectorAll(selector).length > count,
    { selector: `${BODY} [data-testid=${testid}]`, count: before.size },
  )
  const added = (await idsOf(page, testid)).filter((id) => !before.has(id))
  expect(added).toHaveLength(1)
  expect(added[0]).toMatch(/^[0-9a-f-]{36}$/)
  return added[0]!
}

/** Puts the cursor into the empty paragraph (with its section hint) of section `key`. */
async function clickEmptyParagraph(page: Page, key: string): Promise<void> {
  await page.click(`${BODY} section[data-section=${key}] > p.is-empty >> nth=-1`)
}

/** Waits until `page` shows the block `id`, and returns its element selector. */
async function seen(page: Page, id: string): Promise<string> {
  const selector = `${BODY} [data-block-id="${id}"]`
  await page.waitForSelector(selector)
  return selector
}

beforeAll(async () => {
  server = await startServer()
  const admin = await Api.login(server.url)
  reportId = await admin.createReport('区块插入测试', '2026-11')
  const { id: editorId } = await admin.createUser('wang.fang', 'wang-river-4821')
  await admin.setRole(reportId, editorId, 'editor')
  browser = await launchBrowser()
})

afterEach(() => {
  expect(pageErrors.splice(0)).toEqual([])
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

describe('inserting blocks with two users in Chromium', () => {
  it('inserts every block from the "/" menu, and the colleague sees each one live', async () => {
    const admin = await login('admin', 'admin-password-1')
    const wang = await login('wang.fang', 'wang-river-4821')
    for (const page of [admin, wang]) {
      await page.click(`[data-report-id="${reportId}"]`)
      await page.waitForSelector(`${BODY} section[data-section=summary_outlook]`)
      await page.waitForSelector('[data-testid=save-status][data-status=saved]')
    }
    expect(await admin.isEnabled('[data-testid=insert-toolbar] [data-testid=insert-issue]')).toBe(true)

    // The menu: arrows move the highlight, Escape closes it and leaves the typed "/".
    await clickEmptyParagraph(admin, 'highlights')
    await admin.keyboard.type('/')
    await admin.waitForSelector('[data-testid=slash-item-metricsTable][aria-selected=true]')
    await admin.keyboard.press('ArrowDown')
    await admin.waitForSelector('[data-testid=slash-item-issue][aria-selected=true]')
    await admin.keyboard.press('ArrowUp')
    await admin.waitForSelector('[data-testid=slash-item-metricsTable][aria-selected=true]')
    await admin.keyboard.press('Escape')
    await admin.waitForSelector('[data-testid=slash-menu]', { state: 'detached' })
    expect(await admin.textContent(`${BODY} section[data-section=highlights] > p:last-child`)).toBe('/')
    await admin.keyboard.press('Backspace')

    // Blocks without text leave the cursor in a paragraph after them, so the next one follows.
    const kpiId = await insertFromMenu(admin, 'kpi', 'kpiBlock', 'kpi-block')
    await seen(wang, kpiId)

    const trendId = await insertFromMenu(admin, '趋势', 'trendChart', 'trend-chart')
    await admin.fill(`[data-block-id="${trendId}"] input[name=metricKey]`, 'fcr')
    await wang.waitForSelector(`${await seen(wang, trendId)}[data-metric-key=fcr]`)

    // Clicking the last empty paragraph leaves the trend chart's inputs for the text.
    await clickEmptyParagraph(admin, 'highlights')
    const tableId = await insertFromMenu(admin, '指标', 'metricsTable', 'metrics-table')
    await seen(wang, tableId)
    const [rowId] = await admin.$$eval(`[data-block-id="${tableId}"] [data-testid=metric-row]`, (els) =>
      els.map((el) => el.getAttribute('data-block-id') ?? ''),
    )
    await admin.fill(`[data-block-id="${rowId}"] input[name=name]`, '工单量')
    const row = await seen(wang, rowId!)
    await wang.waitForFunction((sel) => document.querySelector<HTMLInputElement>(`${sel} input[name=name]`)?.value === '工单量', row)

    // Blocks with text take the cursor: what is typed next is their content.
    await clickEmptyParagraph(admin, 'highlights')
    const issueId = await insertFromMenu(admin, '问题', 'issue', 'issue-card')
    await admin.keyboard.type('高峰时段首次响应超过 60 秒')
    await admin.fill(`[data-block-id="${issueId}"] input[name=title]`, '首次响应慢')
    const issueSel = await seen(wang, issueId)
    await wang.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes('首次响应超过 60 秒'), issueSel)
    await wang.waitForFunction((sel) => document.querySelector<HTMLInputElement>(`${sel} input[name=title]`)?.value === '首次响应慢', issueSel)
    // 影响范围: a field added to the issue in its own folder reaches every editor like the others.
    await admin.fill(`[data-block-id="${issueId}"] input[name=impact]`, '华东区夜间来电')
    await wang.waitForFunction((sel) => document.querySelector<HTMLInputElement>(`${sel} input[name=impact]`)?.value === '华东区夜间来电', issueSel)

    await clickEmptyParagraph(admin, 'teamwork')
    const actionId = await insertFromMenu(admin, 'action', 'actionItem', 'action-item')
    await admin.keyboard.type('晚高峰增加两名值班客服')
    await admin.fill(`[data-block-id="${actionId}"] input[name=owner]`, '王芳')
    const actionSel = await seen(wang, actionId)
    await wang.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes('增加两名值班客服'), actionSel)
    await wang.waitForFunction((sel) => document.querySelector<HTMLInputElement>(`${sel} input[name=owner]`)?.value === '王芳', actionSel)

    await clickEmptyParagraph(admin, 'market_trends')
    const goalId = await insertFromMenu(admin, '目标', 'goal', 'goal-card')
    await admin.keyboard.type('一次解决率提升到 85%')
    await admin.fill(`[data-block-id="${goalId}"] input[name=target]`, '85')
    const goalSel = await seen(wang, goalId)
    await wang.waitForFunction((sel) => document.querySelector<HTMLInputElement>(`${sel} input[name=target]`)?.value === '85', goalSel)
    // The hints are the goal's SMART gaps (schema/blocks/goal/goalGaps.ts), the rule the check and the KPI use too.
    const hints = await wang.locator(`${goalSel} [data-testid=goal-hints] [data-hint]`).evaluateAll((els) => els.map((el) => el.getAttribute('data-hint')))
    expect(hints).toEqual(['metricKey', 'baseline', 'deadline', 'owner'])

    await clickEmptyParagraph(admin, 'summary_outlook')
    const feedbackId = await insertFromMenu(admin, '客户', 'feedbackSummary', 'feedback-summary')
    await admin.keyboard.type('投诉集中在等待时长')
    await admin.fill(`[data-block-id="${feedbackId}"] input[name=responses]`, '120')
    const feedbackSel = await seen(wang, feedbackId)
    await wang.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes('投诉集中在等待时长'), feedbackSel)
    await wang.waitForFunction((sel) => document.querySelector<HTMLInputElement>(`${sel} input[name=responses]`)?.value === '120', feedbackSel)

    // Basic nodes: a heading, then a list, in the data section's trailing paragraph.
    await clickEmptyParagraph(admin, 'data_statistics')
    await admin.keyboard.type('/标题')
    await admin.waitForSelector('[data-testid=slash-item-heading][aria-selected=true]')
    await admin.keyboard.press('Enter')
    await admin.keyboard.type('渠道拆分')
    await admin.keyboard.press('Enter')
    await admin.keyboard.type('/列表')
    await admin.waitForSelector('[data-testid=slash-item-bulletList][aria-selected=true]')
    await admin.keyboard.press('Enter')
    await admin.keyboard.type('在线渠道占比上升')
    await wang.waitForSelector(`${BODY} section[data-section=data_statistics] h3:text("渠道拆分")`)
    await wang.waitForSelector(`${BODY} section[data-section=data_statistics] ul > li:has-text("在线渠道占比上升")`)

    // An optional section from the menu lands after the section holding the cursor, and in the outline.
    await clickEmptyParagraph(admin, 'financials')
    await admin.keyboard.type('/风险')
    await admin.waitForSelector('[data-testid=slash-item-section-risks][aria-selected=true]')
    await admin.screenshot({ path: path.join(ARTIFACTS_DIR, 'blocks-slash-menu.png') })
    await admin.keyboard.press('Enter')
    await admin.keyboard.type('供应商交付延迟')
    for (const page of [admin, wang]) {
      await page.waitForSelector('.outline button:text("运营风险评估")')
      const keys = await page.$$eval(`${BODY} > section`, (els) => els.map((el) => el.getAttribute('data-section')))
      expect(keys.indexOf('risks')).toBe(keys.indexOf('financials') + 1)
    }
    await wang.waitForSelector(`${BODY} section[data-section=risks] p:text("供应商交付延迟")`)
    // A present section is no longer offered.
    await admin.keyboard.press('Enter')
    await admin.keyboard.type('/风险')
    await admin.waitForSelector('[data-testid=slash-menu] .slash-menu__empty')
    for (let i = 0; i < 3; i++) await admin.keyboard.press('Backspace')

    // The toolbar: a block at the cursor (still in the risks section), a section from the drop-down.
    await admin.click('[data-testid=insert-toolbar] [data-testid=insert-goal]')
    await wang.waitForSelector(`${BODY} section[data-section=risks] [data-testid=goal-card]`)
    await admin.selectOption('[data-testid=insert-section]', 'section-key_projects')
    await wang.waitForSelector('.outline button:text("关键项目进展")')

    // Every block id is unique, and both users have the same blocks.
    const ids = async (page: Page) => (await page.$$eval(`${BODY} [data-block-id]`, (els) => els.map((el) => el.getAttribute('data-block-id') ?? ''))).sort()
    const before = await ids(admin)
    expect(new Set(before).size).toBe(before.length)
    await expect.poll(() => ids(wang)).toEqual(before)
    await admin.click(`${issueSel} .nv-content`)
    await admin.evaluate(() => window.scrollTo(0, 0))
    await admin.screenshot({ path: path.join(ARTIFACTS_DIR, 'blocks-inserted.png') })

    // A pasted copy of the whole report: every copy gets a new id, the originals keep theirs.
    // Copy and paste go through the editor's clipboard handlers with an in-page DataTransfer,
    // not the OS clipboard (shared by every browser on the machine).
    await admin.keyboard.press('Control+A')
    const html = await admin.$eval(BODY, (body) => {
      const data = new DataTransfer()
      body.dispatchEvent(new ClipboardEvent('copy', { clipboardData: data, bubbles: true, cancelable: true }))
      return data.getData('text/html')
    })
    expect(html).toContain(issueId)
    // Typing first makes sure the editor has taken the click's cursor (the paste must not replace the selected-all report).
    await clickEmptyParagraph(admin, 'key_projects')
    await admin.keyboard.type('副本：')
    await admin.waitForSelector(`${BODY} section[data-section=key_projects] p:text("副本：")`)
    await admin.$eval(
      BODY,
      (body, pasted) => {
        const data = new DataTransfer()
        data.setData('text/html', pasted)
        body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
      },
      html,
    )
    await admin.waitForFunction((n) => document.querySelectorAll('[data-testid=report-body] [data-block-id]').length >= 2 * n, before.length)
    const after = await ids(admin)
    expect(new Set(after).size).toBe(after.length)
    expect(after.filter((id) => before.includes(id))).toEqual(before)
    await expect.poll(() => ids(wang)).toEqual(after)
    await admin.context().close()
    await wang.context().close()
  })
})
