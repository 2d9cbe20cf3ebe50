/**
 * Managing people in real Chromium. An owner opens the members drawer of a
 * report, adds a user by username, changes a role and removes an editor
 * (after confirming): the editor's open page loses the report at once. The
 * admin opens 用户管理 from the top bar, creates a user, resets a password,
 * deactivates (after confirming) and reactivates. Both screens are
 * photographed at 1440 px and 390 px wide (test-artifacts/).
 */
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { Api } from './helpers/api'
import { ARTIFACTS_DIR, launchBrowser, loginPage } from './helpers/browser'
import { stopAndRemove } from './helpers/cleanup'
import { ADMIN_PASSWORD, startServer, type TestServer } from './helpers/startServer'
import { waitUntil } from './helpers/wait'

const PASSWORD = 'tall-river-481' // what Api.createUser gives
const NEW_PASSWORD = 'Harbor-Velvet-7391'

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

const shoot = async (page: Page, name: string) => {
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: 900 })
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, `${name}-${width}.png`) })
  }
  await page.setViewportSize({ width: 1440, height: 900 })
}

const openReport = async (page: Page, reportId: string) => {
  await page.click(`[data-report-id="${reportId}"]`)
  await page.waitForSelector('.ProseMirror')
}

const roleOf = async (reportId: string, userId: string) =>
  (await admin.call<{ members: { userId: string; role: string }[] }>('GET', `/api/reports/${reportId}`)).body.members.find((m) => m.userId === userId)
    ?.role

describe('members drawer and users page', () => {
  it('an owner adds a member by username, changes a role and removes an editor, whose open page loses the report', async () => {
    const owner = await admin.createUser('mb-owner')
    const editor = await admin.createUser('mb-editor')
    const reviewer = await admin.createUser('mb-reviewer')
    const reportId = await owner.api.createReport('成员测试')
    await owner.api.setRole(reportId, editor.id, 'editor')

    const editorPage = await loginPage(browser, server.url, 'mb-editor', PASSWORD, pageErrors, EXPECTED_CONSOLE)
    await openReport(editorPage, reportId)
    const page = await loginPage(browser, server.url, 'mb-owner', PASSWORD, pageErrors, EXPECTED_CONSOLE)
    await openReport(page, reportId)

    await shoot(page, 'members-toolbar')
    await page.click('[data-testid=members-toggle]')
    const drawer = page.locator('[data-testid=members-drawer]')
    await expect.poll(() => drawer.locator('[data-testid=member-row]').count()).toBe(2)

    // Add by username (the owner's user list holds only people they share a report with).
    await drawer.locator('input[name=member-username]').fill('mb-reviewer')
    await drawer.locator('select[name=member-role]').selectOption('reviewer')
    await drawer.locator('form.member-add button[type=submit]').click()
    await drawer.locator(`[data-user-id="${reviewer.id}"]`).waitFor()
    expect(await roleOf(reportId, reviewer.id)).toBe('reviewer')

    // Change a role.
    await drawer.locator(`[data-user-id="${reviewer.id}"] select`).selectOption('viewer')
    await waitUntil(async () => (await roleOf(reportId, reviewer.id)) === 'viewer', 'reviewer demoted to viewer')

    // The last owner cannot be demoted: the server says so, in the UI's language.
    await drawer.locator(`[data-user-id="${owner.id}"] select`).selectOption('editor')
    await expect.poll(() => drawer.locator('[data-testid=members-error]').textContent()).toContain('至少要保留一位负责人')

    // Remove the editor, after confirming.
    await drawer.locator(`[data-user-id="${editor.id}"] button.danger-button`).click()
    await shoot(page, 'members-drawer-confirm')
    await drawer.locator('[data-testid=member-remove-confirm]').click()
    await drawer.locator(`[data-user-id="${editor.id}"]`).waitFor({ state: 'detached' })
    expect(await roleOf(reportId, editor.id)).toBeUndefined()
    // The editor's page is told at once (socket closed 4403).
    await editorPage.getByText('你不是这份报告的成员').waitFor({ timeout: 5_000 })
    await shoot(page, 'members-drawer')
    await editorPage.context().close()
    await page.context().close()
  })

  it('the admin manages users from the top bar: create, reset a password, deactivate and reactivate', async () => {
    const page = await loginPage(browser, server.url, 'admin', ADMIN_PASSWORD, pageErrors)
    await page.click('[data-testid=users-link]')
    await page.waitForSelector('[data-testid=user-row]')

    // Create.
    const form = page.locator('form.user-create')
    await form.locator('input[name=username]').fill('mb-created')
    await form.locator('input[name=displayName]').fill('新同事')
    await form.locator('input[name=password]').fill(PASSWORD + '-x')
    await form.locator('button[type=submit]').click()
    const row = page.locator('[data-testid=user-row][data-username="mb-created"]')
    await row.waitFor()
    const created = await Api.login(server.url, 'mb-created', PASSWORD + '-x')

    // Reset the password: the old token stops working, the new password works.
    await row.getByRole('button', { name: '重置密码' }).click()
    await row.locator('input[name=new-password]').fill(NEW_PASSWORD)
    await row.locator('form.inline-form button[type=submit]').click()
    await expect.poll(() => page.locator('[data-testid=users-message]').textContent()).toContain('已重置')
    expect((await created.call('GET', '/api/auth/me')).status).toBe(401)
    const again = await Api.login(server.url, 'mb-created', NEW_PASSWORD)

    // Deactivate, after confirming: refused at login, token refused.
    await row.getByRole('button', { name: '停用' }).click()
    await shoot(page, 'users-deactivate-confirm')
    await row.locator('[data-testid=user-deactivate-confirm]').click()
    await expect.poll(() => row.locator('[data-testid=user-state]').textContent()).toBe('已停用')
    expect((await again.call('GET', '/api/auth/me')).status).toBe(401)
    const refused = await new Api(server.url).call('POST', '/api/auth/login', { username: 'mb-created', password: NEW_PASSWORD })
    expect(refused.status).toBe(403)
    await shoot(page, 'users-page')

    // The admin's own row offers no deactivation.
    await expect.poll(() => page.locator('[data-testid=user-row][data-username="admin"]').getByRole('button', { name: '停用' }).count()).toBe(0)

    // Reactivate.
    await row.getByRole('button', { name: '重新启用' }).click()
    await expect.poll(() => row.locator('[data-testid=user-state]').textContent()).toBe('正常')
    expect((await Api.login(server.url, 'mb-created', NEW_PASSWORD)).token).toBeTruthy()
    await page.context().close()
  })

  it('a deactivated user is told so at the login form', async () => {
    const user = await admin.createUser('mb-gone')
    expect((await admin.call('POST', `/api/users/${user.id}/deactivate`)).status).toBe(200)
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
    const page = await context.newPage()
    await page.goto(server.url)
    await page.fill('input[name=username]', 'mb-gone')
    await page.fill('input[name=password]', PASSWORD)
    await page.click('button[type=submit]')
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('已被停用')
    await context.close()
  })
})
