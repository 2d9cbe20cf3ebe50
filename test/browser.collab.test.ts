/**
 * Two users in real Chromium edit one report through the real server:
 * each sees the other's text and named caret, and the status reaches 已保存
 * only after the server's fsync acknowledgement.
 */
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import * as Y from 'yjs'
import { Api } from './helpers/api'
import { ARTIFACTS_DIR, launchBrowser, loginPage } from './helpers/browser'
import { openProvider, waitProviderSynced } from './helpers/provider'
import { startServer, type TestServer } from './helpers/startServer'

let server: TestServer
let browser: Browser
let reportId: string
/** Errors the pages logged; any of them fails the test. */
const pageErrors: string[] = []

/** Logs in; the server is killed on purpose in one test, so refused connections are expected. */
const login = (username: string, password: string): Promise<Page> =>
  loginPage(browser, server.url, username, password, pageErrors, /^Failed to load resource|ERR_CONNECTION_REFUSED/)

beforeAll(async () => {
  server = await startServer()
  const admin = await Api.login(server.url)
  reportId = await admin.createReport('浏览器协作测试', '2026-11')
  const { id: editorId } = await admin.createUser('li.na', 'li-river-4821')
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

describe('two users in Chromium', () => {
  it('see each other’s text and named caret, and reach 已保存', async () => {
    const admin = await login('admin', 'admin-password-1')
    const li = await login('li.na', 'li-river-4821')
    for (const page of [admin, li]) {
      await page.click(`[data-report-id="${reportId}"]`)
      await page.waitForSelector('[data-testid=report-body] section[data-section=highlights]')
    }

    // A new report shows each section's hint as a placeholder, not as text.
    expect(await admin.getAttribute('section[data-section=highlights] p.is-empty', 'data-placeholder')).toBe('本月的上线、活动、合作与事件。')

    // Admin types at the end of the highlights section; Li Na types in data statistics.
    await admin.click('section[data-section=highlights] p')
    await admin.keyboard.press('End')
    await admin.keyboard.type(' 管理员输入ABC')
    await li.click('section[data-section=data_statistics] p')
    await li.keyboard.press('End')
    await li.keyboard.type(' 李娜输入XYZ')

    await li.waitForFunction(() => document.querySelector('[data-testid=report-body]')?.textContent?.includes('管理员输入ABC'))
    await admin.waitForFunction(() => document.querySelector('[data-testid=report-body]')?.textContent?.includes('李娜输入XYZ'))

    // Named carets of the other user, with the display name from the server's user record.
    await admin.waitForSelector('.collaboration-carets__label:text("li.na")')
    await li.waitForSelector('.collaboration-carets__label:text("管理员")')

    for (const page of [admin, li]) {
      await page.waitForSelector('[data-testid=save-status][data-status=saved]')
      expect(await page.textContent('[data-testid=save-status]')).toBe('已保存')
    }

    // The server has both edits.
    const api = await Api.login(server.url)
    const content = JSON.stringify((await api.call('GET', `/api/reports/${reportId}/content`)).body)
    expect(content).toContain('管理员输入ABC')
    expect(content).toContain('李娜输入XYZ')

    await admin.screenshot({ path: path.join(ARTIFACTS_DIR, 'collab-two-users.png') })
    await admin.context().close()
    await li.context().close()
  })

  it('shows 离线 while the server is down, keeps offline edits, and says 已保存 only once the restarted server has them', async () => {
    const page = await login('li.na', 'li-river-4821')
    await page.click(`[data-report-id="${reportId}"]`)
    await page.waitForSelector('[data-testid=save-status][data-status=saved]')

    await server.kill() // crash, not a clean stop
    await page.waitForSelector('[data-testid=save-status][data-status=offline]')
    expect(await page.textContent('[data-testid=save-status]')).toBe('离线')

    await page.click('section[data-section=goals] p')
    await page.keyboard.type('离线时写的目标')
    // Not on the server, but kept in the browser's local copy (browser.offline.test.ts: reloads, no IndexedDB).
    await page.waitForSelector('[data-testid=save-status][data-status=offline-kept]')

    server = await startServer({ dataDir: server.dataDir, port: server.port })
    await page.waitForSelector('[data-testid=save-status][data-status=saved]', { timeout: 20_000 })
    const api = await Api.login(server.url)
    const content = JSON.stringify((await api.call('GET', `/api/reports/${reportId}/content`)).body)
    expect(content).toContain('离线时写的目标')
    await page.context().close()
  })

  it('shows unknown content from a bad peer as a quarantined block with its raw content', async () => {
    const api = await Api.login(server.url)
    const page = await login('admin', 'admin-password-1')
    await page.click(`[data-report-id="${reportId}"]`)
    await page.waitForSelector('[data-testid=save-status][data-status=saved]')

    const peer = openProvider(server.wsUrl, reportId, api.token!)
    try {
      await waitProviderSynced(peer)
      const widget = new Y.XmlElement('legacyGauge')
      widget.setAttribute('value', '87')
      widget.insert(0, [new Y.XmlText('旧版本的仪表盘')])
      peer.doc.getXmlFragment('default').insert(1, [widget])
      const block = await page.waitForSelector('[data-testid=quarantine-block]')
      expect(await block.textContent()).toContain('legacyGauge')
      expect(await block.textContent()).toContain('旧版本的仪表盘')
    } finally {
      peer.destroy()
    }
    // The editor did not delete it: it is still stored after the page has been open a while.
    await page.keyboard.press('End')
    const content = JSON.stringify((await api.call('GET', `/api/reports/${reportId}/content`)).body)
    expect(content).toContain('旧版本的仪表盘')
    await page.context().close()
  })

  it('renders the demo report (screenshot for the README)', async () => {
    const page = await login('admin', 'admin-password-1')
    await page.click('.report-link >> nth=-1')
    await page.waitForSelector('[data-testid=report-body] section[data-section=summary_outlook]')
    await page.waitForSelector('[data-testid=save-status][data-status=saved]')
    expect(await page.textContent('[data-testid=report-body]')).toContain('华东电商客服中心')
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'demo-report.png') })

    // The server's KPI block: stale while an input changed, then recomputed by the server.
    const met = '[data-testid=kpi-block] [data-kpi="summary.metricsMet"] dd'
    const before = await page.textContent(met)
    await page.fill('[data-testid=metric-row] input[name=current] >> nth=0', '1000') // service volume now misses its target
    await page.waitForSelector('[data-testid=kpi-stale]')
    await page.waitForSelector('[data-testid=kpi-stale]', { state: 'detached' })
    expect(await page.textContent(met)).not.toBe(before)
    await page.context().close()
  })
})
