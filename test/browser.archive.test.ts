/**
 * Archive and activity in real Chromium. An owner archives a report from the
 * list (after confirming): it leaves the list and an editor's open page loses
 * it; the owner restores it from 已归档 and it is back. In the editor, 动态
 * lists the report's audit entries in words, the unlock with its reason, at
 * local times (Asia/Shanghai).
 */
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { Api } from './helpers/api'
import { ARTIFACTS_DIR, launchBrowser, loginPage } from './helpers/browser'
import { stopAndRemove } from './helpers/cleanup'
import { publishableReport } from './helpers/publishableReport'
import { startServer, type TestServer } from './helpers/startServer'

const PASSWORD = 'tall-river-481' // what Api.createUser gives
const REASON = '十月投诉数据更正'

let server: TestServer
let browser: Browser
let admin: Api
const pageErrors: string[] = []
/** The editor's page logs the refused socket; nothing else may fail. */
const EXPECTED_CONSOLE = /^Failed to load resource|WebSocket/

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

describe('archive and activity in the UI', () => {
  it('an owner archives with a confirmation, an open editor loses the report, the owner restores it from 已归档', async () => {
    const owner = await admin.createUser('ba-owner')
    const editor = await admin.createUser('ba-editor')
    const reportId = await owner.api.createReport('归档测试')
    await owner.api.setRole(reportId, editor.id, 'editor')

    const editorPage = await loginPage(browser, server.url, 'ba-editor', PASSWORD, pageErrors, EXPECTED_CONSOLE)
    await editorPage.click(`[data-report-id="${reportId}"]`)
    await editorPage.waitForSelector('.ProseMirror')

    const page = await loginPage(browser, server.url, 'ba-owner', PASSWORD, pageErrors, EXPECTED_CONSOLE)
    const row = page.locator('.report-item', { has: page.locator(`[data-report-id="${reportId}"]`) })
    await row.locator('[data-testid=archive-report]').click()
    // Nothing happens before the confirmation; cancel keeps it.
    await expect.poll(() => row.locator('[role=alertdialog]').textContent()).toContain('归档「归档测试」')
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'archive-confirm-1440.png') })
    await row.getByRole('button', { name: '取消' }).click()
    expect((await owner.api.call('GET', `/api/reports/${reportId}`)).status).toBe(200)

    await row.locator('[data-testid=archive-report]').click()
    await row.locator('[data-testid=archive-confirm]').click()
    await expect.poll(() => page.locator(`[data-report-id="${reportId}"]`).count()).toBe(0)
    expect(await page.locator('[data-testid=reports-notice]').textContent()).toBe('已归档「归档测试」。')
    expect((await owner.api.call('GET', `/api/reports/${reportId}`)).status).toBe(410)
    // The editor's open page is disconnected at once.
    await expect.poll(() => editorPage.locator('[role=alert]').allTextContents(), { timeout: 5_000 }).toContain('报告不存在或已被归档。')

    await page.click('[data-testid=archived-toggle]')
    const archivedRow = page.locator(`[data-testid=archived-row][data-report-id="${reportId}"]`)
    await expect.poll(() => archivedRow.textContent()).toContain('归档测试')
    expect(await archivedRow.textContent()).toMatch(/可恢复至 \d{4}-\d{2}-\d{2} \d{2}:\d{2}/)
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'archive-list-1440.png') })
    await archivedRow.locator('[data-testid=archived-restore]').click()
    await expect.poll(() => page.locator(`.report-item [data-report-id="${reportId}"]`).count()).toBe(1)
    await expect.poll(() => archivedRow.count()).toBe(0)
    expect((await editor.api.call('GET', `/api/reports/${reportId}`)).status).toBe(200)
    await editorPage.close()
    await page.close()
  })

  it('动态 in the editor shows the unlock with its reason, in words and local time', async () => {
    const owner = await admin.createUser('bv-owner')
    const reportId = await owner.api.createReport('动态测试', '2026-10')
    expect((await owner.api.call('PUT', `/api/reports/${reportId}/content`, publishableReport('2026-10'))).status).toBe(200)
    const published = await owner.api.call<{ publishedAt: string }>('POST', `/api/reports/${reportId}/publish`, {})
    expect(published.status).toBe(201)
    expect((await owner.api.call('POST', `/api/reports/${reportId}/unlock`, { reason: REASON })).status).toBe(200)

    const page = await loginPage(browser, server.url, 'bv-owner', PASSWORD, pageErrors, EXPECTED_CONSOLE)
    await page.click(`[data-report-id="${reportId}"]`)
    await page.waitForSelector('.ProseMirror')
    await page.click('[data-testid=activity-toggle]')
    const drawer = page.locator('[data-testid=activity-drawer]')
    const unlock = drawer.locator('[data-testid=activity-entry][data-action="report.unlock"]')
    await expect.poll(() => unlock.textContent()).toContain('解锁')
    const text = (await unlock.textContent())!
    expect(text).toContain('bv-owner 解锁了 v1 进行修订')
    expect(text).toContain(`原因：${REASON}`)
    const publish = (await drawer.locator('[data-action="report.publish"]').textContent())!
    expect(publish).toContain('bv-owner 发布了 v1')
    // Local time (Asia/Shanghai, UTC+8), not UTC.
    const at = new Date(published.body.publishedAt)
    const local = new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')
    expect(publish).toContain(local)
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'activity-drawer-1440.png') })
    await page.close()
  })
})
