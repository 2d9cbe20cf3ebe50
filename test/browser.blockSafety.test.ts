/**
 * Issue 14, "Blocks are never destroyed or stranded by accident", in real
 * Chromium at 1440 px through the real server:
 * - no single key at a block's edge unwraps, merges or deletes a structured
 *   block (Backspace / Delete at its edges and beside it, Enter in an empty
 *   last paragraph, select-all and typing);
 * - every block has a handle with a menu (move up / down, duplicate with a
 *   fresh id, delete with an undo toast that restores the id, comment),
 *   usable from the keyboard;
 * - blocks never land outside a section: not from the toolbar after
 *   Enter at the end of the last section, and stray blocks an older editor
 *   left there are moved into the nearest section when the report loads.
 */
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { Browser, Page } from 'playwright-core'
import { Api } from './helpers/api'
import { ARTIFACTS_DIR, launchBrowser, loginPage } from './helpers/browser'
import { openProvider, waitProviderSynced } from './helpers/provider'
import { startServer, type TestServer } from './helpers/startServer'
import { waitUntil } from './helpers/wait'

let server: TestServer
let browser: Browser
let api: Api
/** Errors the pages logged; any of them fails the test. */
const pageErrors: string[] = []
/** Pages a test opened, closed after it (also when it fails, before a restart of the server). */
const pages: Page[] = []

const BODY = '[data-testid=report-body]'
const SAVED = '[data-testid=save-status][data-status=saved]'

/** Ids of every block in the page's editor, in document order. */
const blockIds = (page: Page): Promise<string[]> =>
  page.$$eval(`${BODY} [data-block-id]`, (els) => els.map((el) => el.getAttribute('data-block-id') ?? ''))

/** The stored body of the report (what the server has), as JSON text. */
async function stored(reportId: string): Promise<{ type: string; attrs?: Record<string, unknown>; content?: unknown[] }> {
  const res = await api.call('GET', `/api/reports/${reportId}/content`)
  return res.body as never
}

/** Top-level node types of a stored body, and for sections the types of their children. */
function outline(body: { content?: unknown[] }): string[] {
  return ((body.content ?? []) as { type: string; attrs?: { key?: string }; content?: { type: string }[] }[]).map((n) =>
    n.type === 'reportSection' ? `${n.attrs?.key}: ${(n.content ?? []).map((c) => c.type).join(' ')}` : n.type,
  )
}

/** Logs in at 1440 px, opens the report and waits until it is loaded and saved. */
async function openReport(reportId: string): Promise<Page> {
  const page = await loginPage(browser, server.url, 'admin', 'admin-password-1', pageErrors)
  pages.push(page)
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.click(`[data-report-id="${reportId}"]`)
  await page.waitForSelector(`${BODY} section[data-section=summary_outlook]`)
  await page.waitForSelector(SAVED)
  return page
}

/** Clicks into the editable text `selector` and puts the caret at its start (`Home`) or end (`End`). */
async function caretIn(page: Page, selector: string, where: 'Home' | 'End'): Promise<void> {
  await page.click(selector)
  await page.keyboard.press(where)
  // The editor reads the moved caret on the browser's selectionchange event, which is queued after the key: let it run.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve))))
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

describe('no single key at a block edge unwraps, merges or deletes a block', () => {
  it('keeps every block and its fields through Backspace, Delete, Enter and select-all + typing at the edges', async () => {
    const reportId = await api.createReport('区块保护测试', '2026-11')
    const page = await openReport(reportId)
    const issue = `${BODY} [data-testid=issue-card]`
    const issueText = `${issue} .nv-content p`

    await page.fill(`${issue} input[name=title]`, '夜间接通率偏低')
    await page.click(issueText)
    await page.keyboard.type('夜间电话接通率 81%')
    await page.click(`${BODY} [data-testid=action-item] .nv-content p`)
    await page.keyboard.type('夜班增编 4 人')
    await page.click(`${BODY} section[data-section=data_statistics] > p`)
    await page.keyboard.type('数据说明')
    await page.waitForSelector(SAVED)
    const ids = await blockIds(page)
    expect(ids.length).toBeGreaterThan(15)

    const unchanged = async (what: string) => {
      expect(await blockIds(page), what).toEqual(ids)
      expect(await page.inputValue(`${issue} input[name=title]`), what).toBe('夜间接通率偏低')
      expect(await page.textContent(issueText), what).toBe('夜间电话接通率 81%')
      expect(await page.$$(`${BODY} > p`), what).toHaveLength(0) // nothing outside the sections
      expect(await page.textContent(`${BODY} > h1`), what).toBe('区块保护测试')
    }

    // Backspace at the very start of the issue's description: the card stays, with title and description.
    await caretIn(page, issueText, 'Home')
    await page.keyboard.press('Backspace')
    await page.keyboard.press('Backspace')
    await unchanged('Backspace at the start of an issue')
    // Delete at the end of the issue's description (the next section follows).
    await caretIn(page, issueText, 'End')
    await page.keyboard.press('Delete')
    await unchanged('Delete at the end of an issue')
    // Delete at the end of the heading right before the issue.
    await caretIn(page, `${BODY} section[data-section=problem_analysis] > h2`, 'End')
    await page.keyboard.press('Delete')
    await unchanged('Delete in the text before an issue')
    // Backspace at the start of an action's text, and of a goal's and the feedback summary's.
    for (const block of ['action-item', 'goal-card', 'feedback-summary']) {
      await caretIn(page, `${BODY} [data-testid=${block}] .nv-content p >> nth=0`, 'Home')
      await page.keyboard.press('Backspace')
      await unchanged(`Backspace at the start of ${block}`)
    }
    // Backspace in the paragraph right after the trend chart (after the KPI block and the metrics table).
    const afterChart = `${BODY} section[data-section=data_statistics] > p`
    await caretIn(page, afterChart, 'Home')
    await page.keyboard.press('Backspace')
    await page.keyboard.press('Backspace')
    await unchanged('Backspace after a trend chart')
    expect(await page.textContent(afterChart)).toBe('数据说明')
    // The KPI block selected as a whole: Backspace and Delete do not remove it.
    await page.click(`${BODY} [data-testid=kpi-block] .nv-block-label`)
    await page.keyboard.press('Backspace')
    await page.keyboard.press('Delete')
    await unchanged('Backspace on the KPI block')
    // Enter in the empty last paragraph of the last section does not put a paragraph after it.
    await page.click(`${BODY} section[data-section=summary_outlook] > p`)
    await page.keyboard.type('展望')
    await page.keyboard.press('Enter')
    await page.keyboard.press('Enter')
    await page.keyboard.press('Enter')
    expect(await page.$$(`${BODY} > p`)).toHaveLength(0)
    // Select all inside the issue's description and type: nothing is replaced.
    await page.click(issueText)
    await page.keyboard.press('Control+a')
    await page.keyboard.type('x')
    await page.keyboard.press('Backspace')
    await unchanged('select-all and typing')
    expect(await page.textContent(`${BODY} > h1`), 'after typing').toBe('区块保护测试')
    // The same with text that arrives as an input method's (IME) commit, not as key presses.
    await page.keyboard.insertText('中文')
    await unchanged('select-all and an IME commit')
    expect(await page.textContent(`${BODY} > h1`), 'after insertText').toBe('区块保护测试')
    // A real composition (Chinese IME) over the selection: the browser, not a transaction, would replace it.
    const cdp = await page.context().newCDPSession(page)
    await page.click(issueText)
    await page.keyboard.press('Control+a')
    // As a Chinese IME in Chrome does: a keydown "Process" (keyCode 229) first, then the composition.
    await cdp.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', key: 'Process', code: 'KeyZ', windowsVirtualKeyCode: 229 })
    await cdp.send('Input.imeSetComposition', { text: 'zh', selectionStart: 2, selectionEnd: 2 })
    await cdp.send('Input.imeSetComposition', { text: '中', selectionStart: 1, selectionEnd: 1 })
    await cdp.send('Input.insertText', { text: '中' })
    // The selection collapses to its end first: the composed text is typed there, and nothing else goes.
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes('中'), BODY)
    expect(await blockIds(page)).toEqual(ids)
    expect(await page.inputValue(`${issue} input[name=title]`)).toBe('夜间接通率偏低')
    expect(await page.textContent(issueText)).toMatch(/^夜间电话接通率 81%/)
    expect(await page.textContent(`${BODY} > h1`)).toBe('区块保护测试') // not even the title's first character went
    expect(await page.$$(`${BODY} > p`)).toHaveLength(0)
    expect(await page.textContent(BODY)).toContain('问题分析')
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'block-guard-1440.png'), fullPage: false })

    // The server has every block, the issue with its fields.
    await page.waitForSelector(SAVED)
    const body = JSON.stringify(await stored(reportId))
    for (const id of ids) expect(body).toContain(id)
    expect(body).toContain('夜间接通率偏低')
    expect(outline(await stored(reportId)).every((line, i) => i === 0 || line.includes(':'))).toBe(true)
  })
})

describe('the block menu: the explicit way to move, duplicate and delete a block', () => {
  it('is on every block; deletes with an undo toast that restores the id; duplicates with a fresh id; moves; from the keyboard', async () => {
    const reportId = await api.createReport('区块菜单测试', '2026-11')
    const page = await openReport(reportId)
    for (const testid of ['metrics-table', 'metric-row', 'kpi-block', 'trend-chart', 'issue-card', 'action-item', 'goal-card', 'feedback-summary']) {
      expect(await page.$$(`${BODY} [data-testid=${testid}] [data-testid=block-handle]`), testid).not.toHaveLength(0)
    }

    // Delete the issue from the keyboard: handle, Enter, ↓ to 删除, Enter; the toast's undo has the focus.
    const issue = `${BODY} [data-testid=issue-card]`
    await page.fill(`${issue} input[name=title]`, '夜间接通率偏低')
    const issueId = (await page.getAttribute(issue, 'data-block-id'))!
    await page.focus(`${issue} [data-testid=block-handle]`)
    await page.keyboard.press('Enter')
    await page.waitForSelector(`${issue} [data-testid=block-menu]`)
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'block-menu-1440.png') })
    for (let i = 0; i < 5; i++) {
      if ((await page.evaluate(() => document.activeElement?.getAttribute('data-action'))) === 'delete') break
      await page.keyboard.press('ArrowDown')
    }
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-action'))).toBe('delete')
    await page.keyboard.press('Enter')
    await page.waitForSelector(issue, { state: 'detached' })
    await page.waitForSelector('[data-testid=undo-delete-toast]')
    expect(await page.textContent('[data-testid=undo-delete-toast]')).toContain('已删除「问题」')
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'undo-delete')
    await page.waitForSelector(SAVED)
    expect(outline(await stored(reportId))).toContain('problem_analysis: heading')
    await page.keyboard.press('Enter') // undo
    await page.waitForSelector(`${BODY} [data-block-id="${issueId}"][data-testid=issue-card]`)
    expect(await page.inputValue(`${issue} input[name=title]`)).toBe('夜间接通率偏低')
    await page.waitForSelector('[data-testid=undo-delete-toast]', { state: 'detached' })
    await page.waitForSelector(SAVED)
    const restored = (await stored(reportId)).content as { attrs?: { key?: string }; content?: { type: string; attrs?: { id?: string } }[] }[]
    const problems = restored.find((n) => n.attrs?.key === 'problem_analysis')!
    expect(problems.content!.map((c) => `${c.type}${c.attrs?.id ? `#${c.attrs.id}` : ''}`)).toEqual(['heading', `issue#${issueId}`])

    // Duplicate an action: the copy follows it with a new id and the same text.
    const action = `${BODY} [data-testid=action-item]`
    await page.click(`${action} .nv-content p`)
    await page.keyboard.type('夜班增编 4 人')
    const actionId = (await page.getAttribute(action, 'data-block-id'))!
    await page.click(`${action} [data-testid=block-handle]`)
    await page.click(`${action} [data-testid=block-menu] [data-action=duplicate]`)
    await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 2, action)
    const actionIds = await page.$$eval(action, (els) => els.map((el) => el.getAttribute('data-block-id')))
    expect(actionIds[0]).toBe(actionId)
    expect(actionIds[1]).toMatch(/^[0-9a-f-]{36}$/)
    expect(actionIds[1]).not.toBe(actionId)
    expect(await page.textContent(`${action} >> nth=1 >> .nv-content p`)).toBe('夜班增编 4 人')

    // Move the copy up: it goes before the original; move it up again: to the end of the section above.
    await page.click(`[data-block-id="${actionIds[1]}"] [data-testid=block-handle]`)
    await page.click(`[data-block-id="${actionIds[1]}"] [data-testid=block-menu] [data-action=moveUp]`)
    await page.waitForFunction(
      ([sel, first]) => document.querySelector(sel)?.getAttribute('data-block-id') === first,
      [action, actionIds[1]!] as const,
    )
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'block-handle')
    await page.keyboard.press('Enter')
    await page.waitForSelector(`[data-block-id="${actionIds[1]}"] [data-testid=block-menu]`)
    await page.click(`[data-block-id="${actionIds[1]}"] [data-testid=block-menu] [data-action=moveUp]`)
    await page.waitForSelector(`${BODY} section[data-section=problem_analysis] [data-block-id="${actionIds[1]}"]`)

    // The feedback summary and the trend chart, undeletable before, go with one act each.
    for (const testid of ['feedback-summary', 'trend-chart']) {
      const block = `${BODY} [data-testid=${testid}]`
      await page.click(`${block} [data-testid=block-handle]`)
      await page.click(`${block} [data-testid=block-menu] [data-action=delete]`)
      await page.waitForSelector(block, { state: 'detached' })
    }
    // Shift+F10 in a block's text opens its menu, first item focused; 评论 starts a thread on the whole block, like its 💬.
    const goal = `${BODY} [data-testid=goal-card]`
    await caretIn(page, `${goal} .nv-content p`, 'End')
    await page.keyboard.press('Shift+F10')
    await page.waitForSelector(`${goal} [data-testid=block-menu]`)
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-action') === 'moveUp')
    await page.click(`${goal} [data-testid=block-menu] [data-action=comment]`)
    await page.waitForSelector('[data-testid=comment-composer]')

    await page.waitForSelector(SAVED)
    const after = outline(await stored(reportId))
    expect(after).toContain('customer_feedback: heading')
    expect(after.find((l) => l.startsWith('data_statistics'))).not.toContain('trendChart')
    expect(after.find((l) => l.startsWith('problem_analysis'))).toBe('problem_analysis: heading issue actionItem')
  })
})

describe('blocks never land outside a section', () => {
  it('Enter at the end of the last section, then the toolbar: the trend chart and the feedback summary go into the section', async () => {
    const reportId = await api.createReport('区块位置测试', '2026-11')
    const page = await openReport(reportId)
    for (const item of ['trendChart', 'feedbackSummary']) {
      await page.click(`${BODY} section[data-section=summary_outlook] > p >> nth=-1`)
      await page.keyboard.press('End')
      await page.keyboard.type('下月重点')
      await page.keyboard.press('Enter')
      await page.keyboard.press('Enter')
      await page.click(`[data-testid=insert-toolbar] [data-testid=insert-${item}]`)
    }
    await page.waitForSelector(`${BODY} section[data-section=summary_outlook] [data-testid=feedback-summary]`)
    expect(await page.$$(`${BODY} > :not(section):not(h1)`)).toHaveLength(0)
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'block-placement-1440.png'), fullPage: false })
    await page.waitForSelector(SAVED)
    const top = outline(await stored(reportId))
    expect(top.slice(1).every((line) => line.includes(':'))).toBe(true)
    expect(top.at(-1)).toMatch(/^summary_outlook: .*trendChart.*feedbackSummary/)
  })

  it('stray blocks an older editor left after the last section are moved into it on load, with their ids, never deleted', async () => {
    const reportId = await api.createReport('散落区块测试', '2026-11')
    // An older client puts a trend chart and a feedback summary after the last section.
    const old = openProvider(server.wsUrl, reportId, api.token!)
    await waitProviderSynced(old)
    const body = old.doc.getXmlFragment('default')
    const chart = new Y.XmlElement('trendChart')
    chart.setAttribute('id', 'stray-trend')
    chart.setAttribute('metricKey', 'fcr')
    const feedback = new Y.XmlElement('feedbackSummary')
    feedback.setAttribute('id', 'stray-feedback')
    const summary = new Y.XmlElement('paragraph')
    summary.insert(0, [new Y.XmlText('散落的反馈总结')])
    feedback.insert(0, [summary])
    body.insert(body.length, [chart, feedback])
    await waitUntil(async () => outline(await stored(reportId)).at(-1) === 'feedbackSummary', 'stray blocks stored')
    old.destroy()

    expect(await server.stop()).toBe(0)
    server = await startServer({ dataDir: server.dataDir, port: server.port, env: { SEED_DEMO: 'false' } })
    api = await Api.login(server.url)
    const page = await openReport(reportId)
    await page.waitForSelector(`${BODY} section[data-section=summary_outlook] [data-block-id=stray-trend]`)
    await page.waitForSelector(`${BODY} section[data-section=summary_outlook] [data-block-id=stray-feedback]`)
    expect(await page.textContent(`${BODY} [data-block-id=stray-feedback]`)).toContain('散落的反馈总结')
    const top = outline(await stored(reportId))
    expect(top.at(-1)).toBe('summary_outlook: heading paragraph trendChart feedbackSummary')
  })
})
