/**
 * History in real Chromium: after v1 and an amended v1.1 (一次解决率 92.1 →
 * 95), the drawer lists both versions; comparing v1 → v1.1 names the
 * metric change; viewing v1 shows its frozen text in a sandboxed iframe;
 * its exports answer; and restoring an autosaved snapshot brings its text
 * back into the open editor.
 */
import path from 'node:path'
import type { JSONContent } from '@tiptap/core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { Api } from './helpers/api'
import { ARTIFACTS_DIR, launchBrowser, loginPage } from './helpers/browser'
import { stopAndRemove } from './helpers/cleanup'
import { pmText, type PmNode } from './helpers/doc'
import { publishableReport } from './helpers/publishableReport'
import { ADMIN_PASSWORD, startServer, type TestServer } from './helpers/startServer'
import { waitUntil } from './helpers/wait'

let server: TestServer
let browser: Browser
let admin: Api
const pageErrors: string[] = []

interface Snap {
  id: string
  reason: string
}

beforeAll(async () => {
  server = await startServer({ env: { SNAPSHOT_INTERVAL_MS: '300' } })
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

const withFcr = (body: JSONContent, current: string): JSONContent => {
  const copy = structuredClone(body)
  const visit = (n: JSONContent) => {
    if (n.type === 'metricRow' && n.attrs?.key === 'fcr') n.attrs = { ...n.attrs, current }
    n.content?.forEach(visit)
  }
  visit(copy)
  return copy
}

/** The newest snapshot whose body contains `text`, once there is one. */
async function snapshotWith(reportId: string, text: string): Promise<Snap> {
  let found: Snap | undefined
  await waitUntil(
    async () => {
      const list = (await admin.call<{ snapshots: Snap[] }>('GET', `/api/reports/${reportId}/history`)).body.snapshots
      for (const s of list) {
        const body = (await admin.call<{ content: PmNode }>('GET', `/api/reports/${reportId}/snapshots/${s.id}`)).body.content
        if (pmText(body).includes(text)) {
          found = s
          return true
        }
      }
      return false
    },
    `a snapshot containing ${text}`,
    15_000,
    100,
  )
  return found!
}

const openDrawer = async (page: Page) => {
  await page.click('[data-testid=history-toggle]')
  await page.waitForSelector('[data-testid=history-drawer] [data-testid=history-version], [data-testid=history-drawer] .muted')
}

describe('history in the browser', () => {
  it('lists versions, compares v1 → v1.1 in report terms, views v1 read-only and restores a snapshot', async () => {
    const id = await admin.createReport('十月运营服务月报', '2026-10')
    const body = publishableReport('2026-10', { fcr: '92.1' })
    expect((await admin.call('PUT', `/api/reports/${id}/content`, body)).status).toBe(200)
    expect((await admin.call('POST', `/api/reports/${id}/publish`, { note: '十月终版' })).status).toBe(201)
    expect((await admin.call('POST', `/api/reports/${id}/unlock`, { reason: '一次解决率数据更正' })).status).toBe(200)
    expect((await admin.call('PUT', `/api/reports/${id}/content`, withFcr(body, '95'))).status).toBe(200)
    const v11 = await admin.call('POST', `/api/reports/${id}/publish`, { note: '更正一次解决率' })
    expect(v11.status, JSON.stringify(v11.body)).toBe(201)

    const page = await loginPage(browser, server.url, 'admin', ADMIN_PASSWORD, pageErrors)
    await page.click(`[data-report-id="${id}"]`)
    await page.waitForSelector('[data-testid=report-body] section[data-section=highlights]')

    // The drawer lists both versions, newest first, with publisher, note and hash.
    await openDrawer(page)
    await page.waitForSelector('[data-testid=history-version][data-version="1"]')
    const versions = await page.$$eval('[data-testid=history-version]', (els) => els.map((e) => (e as HTMLElement).dataset.version))
    expect(versions).toEqual(['1.1', '1'])
    const v1Text = await page.textContent('[data-testid=history-version][data-version="1"]')
    expect(v1Text).toContain('管理员')
    expect(v1Text).toContain('十月终版')
    expect(v1Text).toMatch(/sha256 [0-9a-f]{12}/)

    // 对比 v1, then v1.1: the diff names the metric and both values.
    await page.click('[data-testid=history-version][data-version="1"] [data-testid=history-compare]')
    await page.waitForSelector('[data-testid=history-compare-bar]')
    await page.click('[data-testid=history-version][data-version="1.1"] [data-testid=history-compare]')
    await page.waitForSelector('[data-testid=history-diff] [data-testid=history-diff-count]')
    const title = await page.textContent('[data-testid=history-diff] h2')
    expect(title).toContain('v1 → v1.1')
    const metricLine = page.locator('[data-testid=history-diff] [data-kind=fieldChanged]', { hasText: '一次解决率' }).first()
    const line = await metricLine.textContent()
    expect(line).toContain('一次解决率')
    expect(line).toContain('92.1')
    expect(line).toContain('95')
    expect(await page.textContent('[data-testid=history-diff] section[data-section=data_statistics] h3')).toBe('数据统计')
    expect(await page.locator('[data-testid=history-diff] [data-kind=kpiChanged]', { hasText: '一次解决率' }).count()).toBeGreaterThan(0)
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'history-diff.png'), fullPage: false })
    await page.click('[data-testid=history-diff] [data-testid=history-overlay-close]')

    // 查看 v1: the frozen text, rendered by the server, in a sandboxed frame.
    await page.click('[data-testid=history-version][data-version="1"] [data-testid=history-view]')
    await page.waitForSelector('[data-testid=history-viewer] iframe[data-testid=history-frame]')
    expect(await page.getAttribute('[data-testid=history-frame]', 'sandbox')).toBe('')
    const frame = page.frameLocator('[data-testid=history-frame]')
    const fcrRow = frame.locator('tr', { hasText: '一次解决率' }).first()
    await fcrRow.waitFor()
    expect(await fcrRow.textContent()).toContain('92.1')
    expect(await fcrRow.textContent()).not.toContain('95')
    expect(await frame.locator('body').textContent()).toContain('华东电商客服中心')
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'history-viewer.png'), fullPage: false })
    await page.click('[data-testid=history-viewer] [data-testid=history-overlay-close]')

    // The exports of a version answer from the links as shown.
    const mdHref = await page.getAttribute('[data-testid=history-version][data-version="1"] [data-testid=history-export-md]', 'href')
    const md = await page.request.get(server.url + mdHref!)
    expect(md.status()).toBe(200)
    expect(await md.text()).toContain('一次解决率')
    const htmlHref = await page.getAttribute('[data-testid=history-version][data-version="1.1"] [data-testid=history-export-html]', 'href')
    const html = await page.request.get(server.url + htmlHref!)
    expect(await html.text()).toContain('@media print')
    // 导出 Word: a version downloads as .docx; while the report is published there is no draft to export.
    expect(await page.locator('[data-testid=history-export-draft-docx]').count()).toBe(0)
    for (const link of ['[data-testid=history-version][data-version="1"] [data-testid=history-export-docx]']) {
      expect(await page.textContent(link)).toBe('导出 Word')
      const docx = await page.request.get(server.url + (await page.getAttribute(link, 'href'))!)
      expect(docx.status(), link).toBe(200)
      expect(docx.headers()['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
    }
    // 打印 / PDF: a window with the version's HTML (print stylesheet included), told to print.
    const [popup] = await Promise.all([
      page.waitForEvent('popup'),
      page.click('[data-testid=history-version][data-version="1"] [data-testid=history-print]'),
    ])
    await popup.waitForFunction(() => document.body?.textContent?.includes('一次解决率'))
    expect(await popup.evaluate(() => [...document.querySelectorAll('style')].some((s) => s.textContent?.includes('@media print')))).toBe(true)
    await popup.close()
    await page.click('[data-testid=history-close]')

    // Amend again: type a text, let it be autosaved, replace it, then restore the snapshot.
    expect((await admin.call('POST', `/api/reports/${id}/unlock`, { reason: '补充说明' })).status).toBe(200)
    await page.waitForSelector('[data-testid=report-body][contenteditable=true]')
    await page.click('section[data-section=highlights] p')
    await page.keyboard.press('End')
    await page.keyboard.type(' 快照甲')
    const kept = await snapshotWith(id, '快照甲')
    for (let i = 0; i < 4; i++) await page.keyboard.press('Backspace')
    await page.keyboard.type(' 后来乙')
    await snapshotWith(id, '后来乙')
    expect(await page.textContent('section[data-section=highlights]')).not.toContain('快照甲')

    await openDrawer(page)
    // Unlocked again, the current draft downloads as .docx.
    const draftLink = '[data-testid=history-export-draft-docx]'
    await page.waitForSelector(draftLink)
    expect(await page.textContent(draftLink)).toBe('导出 Word')
    const draftDocx = await page.request.get(server.url + (await page.getAttribute(draftLink, 'href'))!)
    expect(draftDocx.status()).toBe(200)
    expect(draftDocx.headers()['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
    const item = `[data-testid=history-snapshot][data-snapshot-id="${kept.id}"]`
    await page.waitForSelector(item)
    page.once('dialog', (d) => void d.accept())
    await page.click(`${item} [data-testid=history-restore]`)
    await page.waitForSelector('[data-testid=history-message]:text("已恢复")')
    await waitUntil(async () => {
      const text = (await page.textContent('section[data-section=highlights]')) ?? ''
      return text.includes('快照甲') && !text.includes('后来乙')
    }, 'the restored text in the editor')
    // History kept: the replaced body is listed as a snapshot taken before the restore.
    await page.waitForSelector('[data-testid=history-snapshot][data-reason=before_restore]')
    expect(await page.locator(item).count()).toBe(1)
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'history-drawer.png'), fullPage: false })

    // The replaced body against the current draft: the paragraph's words marked as deleted and inserted.
    await page.click('[data-testid=history-snapshot][data-reason=before_restore] [data-testid=history-compare]')
    await page.click('[data-testid=history-compare-live]')
    await page.waitForSelector('[data-testid=history-diff] [data-kind=textChanged]')
    expect(await page.textContent('[data-testid=history-diff] h2')).toContain('当前草稿')
    const changed = page.locator('[data-testid=history-diff] section[data-section=highlights] [data-kind=textChanged]').first()
    expect(await changed.locator('del').allTextContents()).toContain('后来乙')
    expect(await changed.locator('ins').allTextContents()).toContain('快照甲')
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'history-diff-text.png'), fullPage: false })
    await page.context().close()
  })
})
