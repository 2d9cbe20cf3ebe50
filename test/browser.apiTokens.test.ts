/**
 * API tokens in real Chromium. A user opens API 令牌 from the top bar,
 * creates a token for one report (expiry 90 days ahead by default), reads the
 * secret shown once, and the test pushes a metric with it: the value appears
 * live in the user's open editor, the list shows the last use, the report's
 * activity names the token. Revoked in the UI after a confirmation, the next
 * push is refused (401). The screen is photographed at 1440 px and 390 px
 * wide (test-artifacts/), without sideways scrolling at 390.
 */
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { Api } from './helpers/api'
import { ARTIFACTS_DIR, launchBrowser, loginPage } from './helpers/browser'
import { stopAndRemove } from './helpers/cleanup'
import { DEFAULT_TIME_ZONE, formatLocalTime } from '@schema/time/formatLocalTime'
import { publishableReport } from './helpers/publishableReport'
import { startServer, type TestServer } from './helpers/startServer'

const PASSWORD = 'tall-river-481' // what Api.createUser gives
const DAY_MS = 24 * 3600 * 1000

let server: TestServer
let browser: Browser
let admin: Api
const pageErrors: string[] = []

beforeAll(async () => {
  server = await startServer({ env: { SEED_DEMO: 'false' } })
  admin = await Api.login(server.url)
  browser = await launchBrowser()
})

afterEach(() => {
  expect(pageErrors.splice(0)).toEqual([])
})

afterAll(async () => {
  await browser?.close()
  await stopAndRemove(server)
})

/** Photographs at 1440 and 390 px; at 390 the page must not scroll sideways. */
const shoot = async (page: Page, name: string) => {
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: 900 })
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, `${name}-${width}.png`), fullPage: true })
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
    expect(overflow, `${name} at ${width} px scrolls sideways`).toBeLessThanOrEqual(0)
  }
  await page.setViewportSize({ width: 1440, height: 900 })
}

const push = (reportId: string, secret: string, current: number) =>
  fetch(`${server.url}/api/reports/${reportId}/metrics`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
    body: JSON.stringify({ metrics: [{ key: 'revenue', current }] }),
  })

describe('API tokens screen', () => {
  it('creates a token shown once, whose push an open editor sees live; revoked in the UI, the next push is 401', async () => {
    const user = await admin.createUser('tk-user')
    const reportId = await admin.createReport('令牌推送测试', '2026-11', 'tk-series')
    expect((await admin.call('PUT', `/api/reports/${reportId}/content`, publishableReport('2026-11'))).status).toBe(200)
    await admin.setRole(reportId, user.id, 'editor')
    const content = (await admin.call('GET', `/api/reports/${reportId}/content`)).body as { content: unknown[] }
    const rows: { id: string; key: string }[] = []
    const visit = (n: { type?: string; attrs?: { id?: string; key?: string }; content?: unknown[] }) => {
      if (n.type === 'metricRow' && n.attrs?.id && n.attrs.key) rows.push({ id: n.attrs.id, key: n.attrs.key })
      for (const c of n.content ?? []) visit(c as typeof n)
    }
    for (const n of content.content) visit(n as Parameters<typeof visit>[0])
    const revenueRow = rows.find((r) => r.key === 'revenue')!.id
    const revenueCell = `[data-testid=metric-row][data-block-id="${revenueRow}"] input[name=current]`

    const page = await loginPage(browser, server.url, 'tk-user', PASSWORD, pageErrors)
    // The editor, open in a second tab of the same session.
    const editor = await page.context().newPage()
    editor.on('pageerror', (err) => pageErrors.push(`editor: ${err.message}`))
    await editor.goto(`${server.url}/#/reports/${reportId}`)
    await editor.waitForSelector(revenueCell)

    await page.click('[data-testid=tokens-link]')
    await page.waitForSelector('[data-testid=tokens-empty]')
    const form = page.locator('form.token-create')
    await form.locator('input[name=token-name]').fill('BI 日报')
    await form.locator(`[data-testid=token-scope-reports] input[value="${reportId}"]`).check()
    // 90 days ahead by default, a year at most.
    const expires = await form.locator('input[name=token-expires]').inputValue()
    const today = formatLocalTime(new Date().toISOString(), DEFAULT_TIME_ZONE).slice(0, 10)
    expect(Math.round((Date.parse(expires) - Date.parse(today)) / DAY_MS)).toBe(90)
    expect(await form.locator('input[name=token-expires]').getAttribute('max')).toBeTruthy()
    await shoot(page, 'api-tokens-form')
    await form.locator('[data-testid=token-submit]').click()

    // The secret, once, with its warning.
    const secretBox = page.locator('[data-testid=token-secret-box]')
    await secretBox.waitFor()
    expect(await secretBox.textContent()).toContain('只显示这一次')
    const secret = await page.locator('[data-testid=token-secret]').inputValue()
    expect(secret).toMatch(/^opr_[A-Za-z0-9_-]{43}$/)
    const row = page.locator('[data-testid=token-row]').filter({ hasText: 'BI 日报' })
    await row.waitFor()
    expect(await row.locator('[data-testid=token-last-used]').textContent()).toBe('从未使用')
    expect(await row.locator('[data-testid=token-scope]').textContent()).toContain('令牌推送测试')
    // It expires at the end of the day picked, as the instance's clock reads it.
    expect(await row.locator('[data-testid=token-expires]').textContent()).toBe(`${expires} 23:59`)
    await shoot(page, 'api-tokens-secret')
    await secretBox.locator('[data-testid=token-secret-done]').click()
    await secretBox.waitFor({ state: 'detached' })

    // A system pushes with it: the open editor shows the value.
    const pushed = await push(reportId, secret, 777)
    expect(pushed.status, await pushed.clone().text()).toBe(200)
    await editor.waitForFunction((sel) => (document.querySelector(sel) as HTMLInputElement | null)?.value === '777', revenueCell, { timeout: 10_000 })

    // The list shows its last use, in the instance's time; the activity names the token.
    await page.click('.brand')
    await page.waitForSelector('.report-list')
    await page.click('[data-testid=tokens-link]')
    await expect.poll(() => row.locator('[data-testid=token-last-used]').textContent()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)
    await editor.click('[data-testid=activity-toggle]')
    const entry = editor.locator('[data-testid=activity-entry][data-action="report.metrics.push"]')
    await expect.poll(() => entry.first().textContent()).toContain('通过 API 令牌「BI 日报」推送了指标（1 项有变化）')

    // Revoked after a confirmation: the next push is refused.
    await row.locator('[data-testid=token-revoke]').click()
    await shoot(page, 'api-tokens-revoke-confirm')
    await row.locator('[data-testid=token-revoke-confirm]').click()
    await expect.poll(() => row.locator('[data-testid=token-state]').textContent()).toBe('已撤销')
    expect((await push(reportId, secret, 778)).status).toBe(401)
    await shoot(page, 'api-tokens-list')
    expect(await editor.inputValue(revenueCell)).toBe('777')
    await page.context().close()
  })
})
