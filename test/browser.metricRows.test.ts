/**
 * Issue 14, "Filling in numbers without traps", in real Chromium at 1440 px
 * through the real server:
 * - every new metric row (insert menu, "add metric", Ctrl+Enter, duplicate)
 *   stores the direction its toggle shows (`higher`) and a generated key,
 *   unique in the report (a duplicate gets a fresh one), that the user may
 *   rename in ▸ details;
 * - when a colleague changes the cell being edited, a notice under it names
 *   them and their value, and "keep mine" writes the replaced value back.
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
const pageErrors: string[] = []
const pages: Page[] = []

const BODY = '[data-testid=report-body]'
const SAVED = '[data-testid=save-status][data-status=saved]'
const ROW = `${BODY} [data-testid=metric-row]`

interface StoredNode {
  type: string
  attrs?: Record<string, unknown>
  content?: StoredNode[]
}

/** Every metric row the server has for the report, in document order. */
async function storedRows(reportId: string): Promise<Record<string, unknown>[]> {
  const res = await api.call<StoredNode>('GET', `/api/reports/${reportId}/content`)
  expect(res.status).toBe(200)
  const rows: Record<string, unknown>[] = []
  const walk = (n: StoredNode) => {
    if (n.type === 'metricRow') rows.push(n.attrs ?? {})
    for (const c of n.content ?? []) walk(c)
  }
  walk(res.body)
  return rows
}

async function openReport(reportId: string, username: string, password: string): Promise<Page> {
  const page = await loginPage(browser, server.url, username, password, pageErrors)
  pages.push(page)
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.click(`[data-report-id="${reportId}"]`)
  await page.waitForSelector(`${BODY} section[data-section=summary_outlook]`)
  await page.waitForSelector(SAVED)
  return page
}

const rowIds = (page: Page): Promise<string[]> => page.$$eval(ROW, (els) => els.map((el) => el.getAttribute('data-block-id') ?? ''))

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

describe('a new metric row stores what it shows: a direction and a generated key', () => {
  it('from the insert menu, "add metric", Ctrl+Enter and duplicate', async () => {
    const reportId = await api.createReport('指标行测试', '2026-11')
    const page = await openReport(reportId, 'admin', 'admin-password-1')
    const before = new Set(await rowIds(page))

    // A metrics table from the toolbar, in the data section.
    await page.click(`${BODY} section[data-section=data_statistics] > p`)
    await page.click('[data-testid=insert-toolbar] [data-testid=insert-metricsTable]')
    await waitUntil(async () => (await rowIds(page)).length === before.size + 1, 'the inserted table\'s row')
    const inserted = (await rowIds(page)).find((id) => !before.has(id))!
    const table = `${BODY} [data-testid=metrics-table]:has([data-block-id="${inserted}"])`
    // "Add metric" under it, then Ctrl+Enter in the new row's name.
    await page.click(`${table} button[name=addRow]`)
    await waitUntil(async () => (await page.$$(`${table} [data-testid=metric-row]`)).length === 2, 'the added row')
    await page.fill(`${table} [data-testid=metric-row] >> nth=1 >> input[name=name]`, '一次解决率')
    await page.press(`${table} [data-testid=metric-row] >> nth=1 >> input[name=name]`, 'Control+Enter')
    await waitUntil(async () => (await page.$$(`${table} [data-testid=metric-row]`)).length === 3, 'the Ctrl+Enter row')
    // Duplicate the template's first row (it has a key of its own).
    const templateRow = `${ROW}[data-block-id="${[...before][0]}"]`
    await page.click(`${templateRow} [data-testid=block-handle]`)
    await page.click(`${templateRow} [data-testid=block-menu] [data-action=duplicate]`)
    await waitUntil(async () => (await rowIds(page)).length === before.size + 4, 'the duplicate')
    await page.waitForSelector(SAVED)

    // Every row shows the direction it stores.
    const shown = await page.$$eval(`${ROW} button[name=direction]`, (els) => els.map((el) => el.textContent))
    expect(shown.every((text) => text === '↑ 越高越好' || text === '↓ 越低越好')).toBe(true)

    const ids = await rowIds(page)
    const rows = await storedRows(reportId)
    expect(rows.map((r) => r.id)).toEqual(ids)
    const fresh = rows.filter((r) => !before.has(r.id as string))
    expect(fresh).toHaveLength(4)
    for (const row of fresh) {
      expect(row.direction, JSON.stringify(row)).toBe('higher')
      expect(row.key, JSON.stringify(row)).toMatch(/^m_[0-9a-z]{8}$/)
    }
    // Unique in the report: the duplicate did not copy its original's key.
    const keys = rows.map((r) => r.key)
    expect(keys.every((k) => typeof k === 'string' && k !== '')).toBe(true)
    expect(new Set(keys).size).toBe(keys.length)
    // The shown direction is the stored one, row by row.
    const shownById = await page.$$eval(ROW, (els) =>
      els.map((el) => [el.getAttribute('data-block-id'), el.querySelector('button[name=direction]')?.getAttribute('value')]),
    )
    expect(shownById).toEqual(rows.map((r) => [r.id, r.direction]))

    // The generated key is the user's to rename, in ▸ details.
    const first = `${table} [data-testid=metric-row] >> nth=0`
    await page.click(`${first} >> button[name=details]`)
    expect(await page.inputValue(`${first} >> input[name=key]`)).toBe(fresh.find((r) => r.id === inserted)!.key)
    await page.fill(`${first} >> input[name=key]`, 'first_contact_resolution')
    await page.waitForSelector(SAVED)
    await waitUntil(async () => (await storedRows(reportId)).some((r) => r.id === inserted && r.key === 'first_contact_resolution'), 'the renamed key on the server')
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'metric-rows-1440.png') })
  })
})

describe('a block without a stored direction', () => {
  it('shows "not set" (metric rows and goals), and a click stores the direction it then shows', async () => {
    const reportId = await api.createReport('方向未设置测试', '2026-11')
    // An older client left the first metric row and the goal without a direction.
    const old = openProvider(server.wsUrl, reportId, api.token!)
    await waitProviderSynced(old)
    const elements: Y.XmlElement[] = []
    for (const el of old.doc.getXmlFragment('default').createTreeWalker(() => true)) {
      if (el instanceof Y.XmlElement && (el.nodeName === 'metricRow' || el.nodeName === 'goal') && !elements.some((e) => e.nodeName === el.nodeName)) elements.push(el)
    }
    expect(elements.map((e) => e.nodeName).sort()).toEqual(['goal', 'metricRow'])
    for (const el of elements) el.removeAttribute('direction')
    const [rowId, goalId] = ['metricRow', 'goal'].map((n) => elements.find((e) => e.nodeName === n)!.getAttribute('id') as string)
    await waitUntil(async () => [null, undefined].includes((await storedRows(reportId))[0]?.direction as null), 'direction removed')
    old.destroy()

    const page = await openReport(reportId, 'admin', 'admin-password-1')
    const rowToggle = `${ROW}[data-block-id="${rowId}"] button[name=direction]`
    const goalToggle = `${BODY} [data-block-id="${goalId}"] button[name=direction]`
    expect(await page.textContent(rowToggle)).toBe('未设置方向')
    expect(await page.textContent(goalToggle)).toBe('未设置方向')
    // A goal without a direction is not SMART: the editor says so, as the publish check and the KPI do (goalGaps).
    expect(await page.textContent(`${BODY} [data-block-id="${goalId}"] [data-testid=goal-hints] [data-hint=direction]`)).toContain('未设置方向')
    await page.click(rowToggle)
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent === '↑ 越高越好', rowToggle)
    await waitUntil(async () => (await storedRows(reportId)).find((r) => r.id === rowId)?.direction === 'higher', 'the chosen direction stored')
  })
})

describe('a colleague changing the cell being edited', () => {
  it('shows their name and value under the cell; "keep mine" writes mine back', async () => {
    const reportId = await api.createReport('指标冲突测试', '2026-11')
    const created = await api.call<{ id: string }>('POST', '/api/users', { username: 'li.na', password: 'li-na-river-4821', displayName: '李娜' })
    expect(created.status).toBe(201)
    await api.setRole(reportId, created.body.id, 'editor')
    const me = await openReport(reportId, 'admin', 'admin-password-1')
    const lina = await openReport(reportId, 'li.na', 'li-na-river-4821')
    const rowId = (await rowIds(me))[0]!
    const cell = `${ROW}[data-block-id="${rowId}"] input[name=current]`

    // I am typing in 本期 of the first row.
    await me.click(cell)
    await me.keyboard.type('90')
    await lina.waitForFunction((sel) => (document.querySelector(sel) as HTMLInputElement | null)?.value === '90', cell)
    // 李娜 changes the same cell.
    await lina.fill(cell, '95')

    const notice = `${ROW}[data-block-id="${rowId}"] [data-testid=remote-edit][data-field=current]`
    await me.waitForSelector(notice)
    // Named by 李娜's presence, which may reach this page just after her edit: the notice takes the name when it does.
    await me.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes('李娜 刚把它改为 95'), notice, { timeout: 5_000 })
    expect(await me.inputValue(cell)).toBe('95') // the cell shows what is stored
    expect(await me.$eval(cell, (el) => el === document.activeElement)).toBe(true)
    // 李娜 sees no notice for her own edit.
    expect(await lina.$$(`${BODY} [data-testid=remote-edit]`)).toHaveLength(0)
    await me.screenshot({ path: path.join(ARTIFACTS_DIR, 'metric-remote-edit-1440.png') })

    // Keep mine: 90 is written back, everyone sees it, the notice goes.
    await me.click(`${notice} button[name=keepMine]`)
    await me.waitForSelector(notice, { state: 'detached' })
    await lina.waitForFunction((sel) => (document.querySelector(sel) as HTMLInputElement | null)?.value === '90', cell)
    await me.waitForSelector(SAVED)
    await waitUntil(async () => (await storedRows(reportId)).find((r) => r.id === rowId)?.current === '90', 'my value back on the server')

    // A change while I am not editing the cell shows no notice; accepting one just closes it.
    await lina.fill(cell, '96')
    await me.waitForFunction((sel) => (document.querySelector(sel) as HTMLInputElement | null)?.value === '96', cell)
    expect(await me.$$(notice)).toHaveLength(0)
    await me.click(cell)
    await lina.fill(cell, '97')
    await me.waitForSelector(notice)
    await me.click(`${notice} button[name=acceptRemote]`)
    await me.waitForSelector(notice, { state: 'detached' })
    await waitUntil(async () => (await storedRows(reportId)).find((r) => r.id === rowId)?.current === '97', 'the accepted value on the server')
  })
})
