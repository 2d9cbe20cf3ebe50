/**
 * Issue 14: times were shown in UTC ("2026-12-04 17:06 UTC" is 01:06 the next day in Beijing; "计算于
 * 2026-12-04T16:56:29.566Z"). In real Chromium, with the browser itself in another zone (New York), the UI
 * shows every time in the instance's zone (TIMEZONE, default Asia/Shanghai, learnt from GET /api/config):
 * the published banner, the history drawer and the KPI block's computed-at.
 */
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { formatLocalTime } from '@schema/time/formatLocalTime'
import { Api } from './helpers/api'
import { ARTIFACTS_DIR, launchBrowser } from './helpers/browser'
import { stopAndRemove } from './helpers/cleanup'
import { publishableReport } from './helpers/publishableReport'
import { ADMIN_PASSWORD, startServer, type TestServer } from './helpers/startServer'

let server: TestServer
let browser: Browser
const pageErrors: string[] = []

beforeAll(async () => {
  server = await startServer({ env: { SEED_DEMO: 'false' } })
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await stopAndRemove(server)
})

/** Signed in as the admin, in a browser whose own zone is New York (so the browser's zone cannot pass for the instance's). */
async function adminPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'America/New_York' })
  const page = await context.newPage()
  page.on('pageerror', (err) => pageErrors.push(err.message))
  await page.goto(server.url)
  await page.fill('input[name=username]', 'admin')
  await page.fill('input[name=password]', ADMIN_PASSWORD)
  await page.click('button[type=submit]')
  await page.waitForSelector('.report-list')
  return page
}

describe('times in the UI', () => {
  it('are Beijing time for a known UTC instant: banner, history, KPI computed-at', async () => {
    const admin = await Api.login(server.url)
    const id = await admin.createReport('时区', '2026-10')
    expect((await admin.call('PUT', `/api/reports/${id}/content`, publishableReport('2026-10'))).status).toBe(200)
    const published = await admin.call('POST', `/api/reports/${id}/publish`, {})
    expect(published.status).toBe(201)
    const publishedAt = published.body.publishedAt as string // ISO, UTC
    const beijing = formatLocalTime(publishedAt, 'Asia/Shanghai')
    expect(beijing).not.toBe(formatLocalTime(publishedAt, 'America/New_York'))

    const page = await adminPage()
    expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe('America/New_York')
    await page.click(`[data-report-id="${id}"]`)
    await page.waitForSelector('[data-testid=published-banner]')
    expect(await page.textContent('[data-testid=published-banner] strong')).toMatch(new RegExp(`^已发布 v1 · .+ · ${beijing}$`))

    // The KPI block's computed-at: "计算于 2026-12-05 00:56", never an ISO string.
    const computedAt = await page.textContent('[data-testid=kpi-block] .nv-muted-small')
    expect(computedAt).toMatch(/^计算于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)

    await page.click('[data-testid=history-toggle]')
    await page.waitForSelector('[data-testid=history-version][data-version="1"]')
    const versionText = await page.textContent('[data-testid=history-version][data-version="1"]')
    expect(versionText).toContain(`发布于 ${formatLocalTime(publishedAt, 'Asia/Shanghai', { seconds: true })}`)
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'local-time.png') })
    await page.context().close()
    expect(pageErrors).toEqual([])
  })
})
