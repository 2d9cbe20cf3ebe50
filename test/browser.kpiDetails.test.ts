/**
 * Readable KPIs and a complete language switch, in real Chromium: clicking a
 * KPI value opens its details (formula in the UI language, inputs named by
 * their metric with a link to the row, reasons in words, computed-at in the
 * instance's zone); the issues-by-severity card has a legend. Switching the
 * UI to English turns the KPI labels, the details and the check panel's
 * messages English, while the report's content stays Chinese.
 */
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { Api } from './helpers/api'
import { ARTIFACTS_DIR, launchBrowser, loginPage } from './helpers/browser'
import { publishableReport } from './helpers/publishableReport'
import { startServer, type TestServer, ADMIN_PASSWORD } from './helpers/startServer'

let server: TestServer
let browser: Browser
let admin: Api
const pageErrors: string[] = []

const open = async (page: Page, reportId: string) => {
  await page.click(`[data-report-id="${reportId}"]`)
  await page.waitForSelector('[data-testid=report-body] section[data-section=highlights]')
}
const text = (page: Page, selector: string) => page.locator(selector).first().innerText()

beforeAll(async () => {
  server = await startServer()
  admin = await Api.login(server.url)
  browser = await launchBrowser()
})

afterEach(() => {
  expect(pageErrors.splice(0)).toEqual([])
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

describe('KPI details and the language switch', () => {
  it('opens a KPI’s details on click, in Chinese, with the metrics named and linked; then all in English', async () => {
    const id = await admin.createReport('KPI 详情', '2026-10')
    expect((await admin.call('PUT', `/api/reports/${id}/content`, publishableReport('2026-10'))).status).toBe(200)
    const fresh = await admin.createReport('检查清单', '2026-11')

    const page = await loginPage(browser, server.url, 'admin', ADMIN_PASSWORD, pageErrors)
    await page.setViewportSize({ width: 1440, height: 900 })
    await open(page, id)
    const met = '[data-testid=kpi-block] [data-kpi="summary.metricsMet"]'
    await page.waitForSelector(`${met} .nv-kpi-open`)
    expect(await text(page, `${met} dt`)).toBe('达标指标')

    // The legend of issues by severity.
    expect(await text(page, '[data-kpi="summary.issuesBySeverity"] [data-testid=kpi-legend]')).toBe('严重 / 高 / 中 / 低')

    // Click the value: the panel, not a tooltip.
    await page.click(`${met} .nv-kpi-open`)
    const panel = '[data-testid=kpi-details][data-kpi="summary.metricsMet"]'
    await page.waitForSelector(panel)
    expect(await text(page, `${panel} [data-testid=kpi-details-formula]`)).toBe('达标指标数 ÷ 设有目标的指标数')
    const inputs = await text(page, `${panel} [data-testid=kpi-details-inputs]`)
    expect(inputs).toMatch(/一次解决率 本月 = 92\.1 · 目标 = 92\b/)
    expect(inputs).not.toMatch(/current|target/)
    expect(await text(page, `${panel} [data-testid=kpi-details-computed]`)).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}/)
    await page.locator(panel).scrollIntoViewIfNeeded()
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'kpi-details-zh-1440.png') })

    // The metric's name links to its row.
    const link = page.locator(`${panel} .nv-kpi-input-link`, { hasText: '一次解决率' }).first()
    const target = await link.getAttribute('data-block-target')
    await link.click()
    await page.waitForSelector(`[data-block-id="${target}"].flash-highlight`)

    // A value that cannot be computed says why, in words.
    await page.click('[data-kpi="summary.carriedCompletion"] .nv-kpi-open')
    const carried = '[data-testid=kpi-details][data-kpi="summary.carriedCompletion"]'
    await page.waitForSelector(carried)
    expect(await text(page, `${carried} [data-testid=kpi-details-reason]`)).toBe('除数为零')

    // English: KPI labels, the details and the trend chart follow the UI; the content stays Chinese.
    await page.click('[data-testid=language-switch]')
    await page.waitForSelector(`${met} dt:text-is("Metrics met")`)
    expect(await text(page, `${carried} [data-testid=kpi-details-reason]`)).toBe('division by zero')
    expect(await text(page, `${carried} [data-testid=kpi-details-formula]`)).toBe('done carried-over actions ÷ carried-over actions')
    expect(await text(page, '[data-kpi="summary.issuesBySeverity"] [data-testid=kpi-legend]')).toBe('critical / high / medium / low')
    expect(await text(page, '[data-testid=kpi-block] [data-kpi="summary.nps"] dt')).toBe('NPS')
    expect(await page.locator('[data-testid=report-body] figure svg text', { hasText: 'draft' }).count()).toBeGreaterThan(0)
    expect(await page.locator('[data-testid=report-body] figure svg text', { hasText: '本期草稿' }).count()).toBe(0)
    await page.locator(carried).scrollIntoViewIfNeeded()
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'kpi-details-en-1440.png') })

    // The check panel of a report with problems speaks English too.
    await page.goto(server.url)
    await page.waitForSelector('.report-list')
    await open(page, fresh)
    await page.click('[data-testid=check-toggle]')
    await page.waitForSelector('[data-testid=check-panel] [data-code=section_empty]')
    const empty = await text(page, '[data-testid=check-panel] [data-code=section_empty]')
    expect(empty).toMatch(/Section .+ is empty/)
    expect(empty).not.toContain('章节为空')
    const messages = await page.$$eval('[data-testid=check-panel] .check-link', (els) => els.map((e) => (e as HTMLElement).innerText))
    expect(messages.length).toBeGreaterThan(3)
    for (const m of messages) expect(m, m).not.toMatch(/缺少|为空|未设置|请/)
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'check-panel-en-1440.png') })

    // Back to Chinese: the checklist is asked again in Chinese.
    await page.click('[data-testid=language-switch]')
    await page.waitForSelector('[data-testid=check-panel] [data-code=section_empty]:has-text("章节为空")')
    await page.context().close()
  })
})
