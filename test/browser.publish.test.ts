/**
 * Publishing in real Chromium: the checklist of a fresh report names its
 * problems and leads to the block; the owner publishes from the UI and an
 * editor's open window turns read-only with the banner "已发布 v1 · …"
 * within 1 s; unlocking with a reason makes it editable again.
 */
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { Api } from './helpers/api'
import { ARTIFACTS_DIR, launchBrowser, loginPage } from './helpers/browser'
import { publishableReport } from './helpers/publishableReport'
import { startServer, type TestServer } from './helpers/startServer'

let server: TestServer
let browser: Browser
let admin: Api
const pageErrors: string[] = []

const login = (username: string, password: string): Promise<Page> =>
  loginPage(browser, server.url, username, password, pageErrors, /^Failed to load resource/)

const open = async (page: Page, reportId: string) => {
  await page.click(`[data-report-id="${reportId}"]`)
  await page.waitForSelector('[data-testid=report-body] section[data-section=highlights]')
}

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

describe('publish in the browser', () => {
  it('lists a fresh report’s problems and leads to the block of each', async () => {
    const id = await admin.createReport('检查清单', '2026-11')
    const page = await login('admin', 'admin-password-1')
    await open(page, id)
    await page.click('[data-testid=check-toggle]')
    await page.waitForSelector('[data-testid=check-panel] .check-link')
    const codes = await page.$$eval('[data-testid=check-panel] .check-link', (els) => els.map((e) => (e as HTMLElement).dataset.code))
    expect(codes).toContain('metric_current_missing')
    expect(codes).toContain('section_empty')

    const target = await page.getAttribute('[data-code=metric_current_missing]', 'data-block')
    await page.click('[data-code=metric_current_missing]')
    await page.waitForSelector(`[data-block-id="${target}"].flash-highlight`)

    // The list follows the document: publishing is refused while problems remain.
    await page.click('[data-testid=publish]')
    await page.waitForSelector('.publish-message:text("未通过发布检查")')
    await page.context().close()
  })

  it('turns an editor’s open window read-only with the banner within 1 s of the publish', async () => {
    const id = await admin.createReport('十月运营服务月报', '2026-10', 'browser-publish')
    expect((await admin.call('PUT', `/api/reports/${id}/content`, publishableReport('2026-10'))).status).toBe(200)
    const { id: editorId } = await admin.createUser('zhang.wei', 'zw-river-4821')
    await admin.setRole(id, editorId, 'editor')

    const owner = await login('admin', 'admin-password-1')
    const editor = await login('zhang.wei', 'zw-river-4821')
    await open(owner, id)
    await open(editor, id)
    expect(await editor.getAttribute('[data-testid=report-body]', 'contenteditable')).toBe('true')

    await owner.click('[data-testid=check-toggle]')
    await owner.waitForSelector('[data-testid=check-summary]:text("检查通过")')
    const bannerShown = editor.waitForSelector('[data-testid=published-banner]', { timeout: 10_000 })
    await owner.click('[data-testid=publish]')
    const publishedAt = Date.now()
    await bannerShown
    const latency = Date.now() - publishedAt
    expect(latency).toBeLessThan(1000)
    console.log(`[browser.publish] editor read-only after ${latency} ms`)

    expect(await editor.textContent('[data-testid=published-banner]')).toMatch(/已发布 v1 · 管理员 · /)
    await editor.waitForSelector('[data-testid=report-body][contenteditable=false]')
    await editor.screenshot({ path: path.join(ARTIFACTS_DIR, 'publish-editor-readonly.png'), fullPage: false })

    // Unlock with a reason: the editor can write again, on amendment v1.1.
    await owner.click('[data-testid=unlock]')
    await owner.fill('.unlock-form input', '客户满意度数据更正')
    await owner.click('[data-testid=unlock-confirm]')
    await editor.waitForSelector('[data-testid=amending-banner]')
    await editor.waitForSelector('[data-testid=report-body][contenteditable=true]')
    const versions = (await admin.call('GET', `/api/reports/${id}/versions`)).body as { version: string }[]
    expect(versions.map((v) => v.version)).toEqual(['1'])
  })

  it('starts next month from the published report: the notice says what came over, carried actions link back', async () => {
    // The October report of the test above was published as v1 (then unlocked); November starts from v1.
    const res = await admin.call('POST', '/api/reports', { title: '十一月运营服务月报', period: '2026-11', series: 'browser-publish' })
    expect(res.status).toBe(201)
    expect(res.body.previous).toMatchObject({ period: '2026-10', version: '1' })
    const page = await login('admin', 'admin-password-1')
    await open(page, res.body.id)
    expect(await page.textContent('[data-testid=previous-notice]')).toContain('已从上期（2026-10 v1）带入')
    const badges = await page.$$eval('[data-testid=carried-from]', (els) => els.map((e) => e.textContent ?? ''))
    expect(badges.length).toBe(res.body.previous.carried.actions + res.body.previous.carried.issues)
    expect(badges.every((b) => b.includes('结转自 2026-10 v1'))).toBe(true)
    expect(await page.getAttribute('[data-testid=carried-from] a', 'href')).toBe(`#/reports/${res.body.previous.reportId}`)
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'monthly-cycle-carried.png'), fullPage: false })
    await page.context().close()
  })
})
