/**
 * Next month, one click, in real Chromium: the owner publishes October from
 * the UI, clicks 新建下期报告 and lands in November of the same series, with
 * the open issues and actions carried over and marked 结转; a carried action
 * whose due date has passed asks for a new date instead of being "outside
 * the next period". A second click opens that November instead of a second
 * one. The create form offers the user's series and the month just ended;
 * the demo claims nothing about a September it does not have.
 */
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { defaultPeriod } from '@schema/templates/defaultPeriod'
import { Api } from './helpers/api'
import { ARTIFACTS_DIR, launchBrowser, loginPage } from './helpers/browser'
import { publishableReport } from './helpers/publishableReport'
import { startServer, type TestServer } from './helpers/startServer'

let server: TestServer
let browser: Browser
let admin: Api
const pageErrors: string[] = []

const login = async (): Promise<Page> => {
  const page = await loginPage(browser, server.url, 'admin', 'admin-password-1', pageErrors)
  await page.setViewportSize({ width: 1440, height: 900 })
  return page
}

const open = async (page: Page, reportId: string) => {
  await page.click(`[data-report-id="${reportId}"]`)
  await page.waitForSelector('[data-testid=report-body] section[data-section=highlights]')
}

const reportIdOf = (page: Page) => /#\/reports\/([^/?]+)/.exec(page.url())?.[1]

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

describe('next month, one click', () => {
  it('publishes October, clicks 新建下期报告 and lands in November with the open issues and actions carried as 结转', async () => {
    const oct = await admin.createReport('2026年10月 运营服务月报 · 华东', '2026-10', 'nm-east')
    expect((await admin.call('PUT', `/api/reports/${oct}/content`, publishableReport('2026-10'))).status).toBe(200)

    const page = await login()
    await open(page, oct)
    await page.click('[data-testid=check-toggle]')
    await page.waitForSelector('[data-testid=check-summary]:text("检查通过")')
    await page.click('[data-testid=publish]')
    await page.waitForSelector('[data-testid=published-banner]')
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'next-month-published.png') })

    await page.click('[data-testid=next-report]')
    await page.waitForFunction((old) => !location.hash.includes(old), oct)
    await page.waitForSelector('[data-testid=report-body] section[data-section=highlights]')
    const nov = reportIdOf(page)!
    const record = (await admin.call<{ series: string; period: string; title: string; previous: { reportId: string; carried: Record<string, number> } }>('GET', `/api/reports/${nov}`)).body
    expect(record).toMatchObject({ series: 'nm-east', period: '2026-11', title: '2026年11月 运营服务月报 · 华东', previous: { reportId: oct, carried: { issues: 2, actions: 3 } } })
    expect(await page.textContent('.editor-title')).toContain('2026年11月')
    expect(await page.textContent('[data-testid=previous-notice]')).toContain('未解决问题 2 项')

    // The issues still open (夜间电话接通率偏低) or monitored (大促后退换货咨询积压) come over marked 结转; the resolved one does not.
    const issues = await page.$$eval('[data-testid=issue-card]', (cards) =>
      cards.map((c) => [(c.querySelector('input[name=title]') as HTMLInputElement | null)?.value ?? '', c.querySelector('[data-testid=carried-from]')?.textContent ?? '']),
    )
    expect(issues.filter(([, badge]) => badge!.includes('结转自 2026-10 v1')).map(([title]) => title)).toEqual(['大促后退换货咨询积压', '夜间电话接通率偏低'])
    expect(issues.map(([title]) => title)).not.toContain('部分话术过时')
    const carriedActions = await page.$$eval('[data-testid=action-item]', (items) =>
      items.filter((i) => i.querySelector('[data-testid=carried-from]')).map((i) => i.textContent ?? ''),
    )
    expect(carriedActions).toHaveLength(3)
    // Their November dates have passed for a November report (due in December): a new date is asked for.
    expect(carriedActions.every((text) => text.includes('需重新设定截止日期') && !text.includes('截止日期不在下个周期内'))).toBe(true)
    await page.locator('[data-testid=issue-card]').first().scrollIntoViewIfNeeded()
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'next-month-carried-issues.png') })
    await page.locator('[data-testid=action-item]').first().scrollIntoViewIfNeeded()
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'next-month-carried-actions.png') })

    await page.click('[data-testid=check-toggle]')
    await page.waitForSelector('[data-testid=check-panel] .check-link')
    const codes = await page.$$eval('[data-testid=check-panel] .check-link', (els) => els.map((e) => (e as HTMLElement).dataset.code))
    expect(codes.filter((c) => c === 'action_carried_due_passed')).toHaveLength(3)
    expect(codes).not.toContain('action_due_outside_period')

    // Back on October, the same click opens this November instead of creating a second one.
    await page.goto(`${server.url}/#/reports/${oct}`)
    await page.waitForSelector('[data-testid=next-report]')
    await page.click('[data-testid=next-report]')
    await page.waitForFunction((id) => location.hash.includes(id), nov)
    const novembers = (await admin.call<{ series: string; period: string }[]>('GET', '/api/reports')).body.filter((r) => r.series === 'nm-east' && r.period === '2026-11')
    expect(novembers).toHaveLength(1)
    await page.context().close()
  })

  it('offers the user’s series in the create form and defaults to the month just ended', async () => {
    const page = await login()
    await page.waitForSelector('#series-options option[value=nm-east]', { state: 'attached' })
    const options = await page.$$eval('#series-options option', (els) => els.map((e) => (e as HTMLOptionElement).value))
    expect(options).toContain('nm-east')
    expect(options).toContain('east-cs')
    await page.waitForFunction(() => (document.querySelector('input[name=series]') as HTMLInputElement).value !== 'default')
    expect(await page.inputValue('input[name=period]')).toBe(defaultPeriod(new Date()))
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'next-month-create-form.png'), fullPage: true })
    await page.context().close()
  })

  it('shows the demo without claims about a September it does not have', async () => {
    const demo = (await admin.call<{ id: string; series: string }[]>('GET', '/api/reports')).body.find((r) => r.series === 'east-cs')!
    const page = await login()
    await open(page, demo.id)
    await page.waitForSelector('[data-testid=save-status][data-status=saved]')
    expect(await page.$('[data-testid=previous-notice]')).toBeNull()
    expect(await page.$('[data-testid=carried-from]')).toBeNull()
    expect(await page.textContent('[data-testid=report-body]')).not.toContain('结转自')
    await page.context().close()
  })
})
