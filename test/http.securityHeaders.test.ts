/**
 * The app cannot be framed and runs under a strict Content-Security-Policy
 * (issue 13, "The app page has no CSP and no frame-ancestors"): the page and
 * the built client's files carry `frame-ancestors 'none'`, `default-src
 * 'self'`, `script-src 'self'` and `X-Frame-Options: DENY`; the API answers
 * `default-src 'none'`; an exported HTML version has its own policy (inline
 * styles and SVG only, sandboxed). In real Chromium: a page of another origin
 * that frames the app gets nothing, and the app (sign in, open a report,
 * type) and an export opened in its own tab run with no CSP violation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { Api } from './helpers/api'
import { launchBrowser } from './helpers/browser'
import { stopAndRemove } from './helpers/cleanup'
import { publishableReport } from './helpers/publishableReport'
import { ADMIN_PASSWORD, startServer, type TestServer } from './helpers/startServer'

let server: TestServer
let browser: Browser
let admin: Api
let reportId: string

/** The CSP directives of an answer, by name. */
function directives(csp: string | null): Record<string, string> {
  expect(csp, 'Content-Security-Policy').toBeTruthy()
  return Object.fromEntries(
    csp!
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => [d.split(/\s+/)[0]!, d.split(/\s+/).slice(1).join(' ')]),
  )
}

beforeAll(async () => {
  server = await startServer()
  admin = await Api.login(server.url)
  reportId = await admin.createReport('CSP', '2026-10')
  expect((await admin.call('PUT', `/api/reports/${reportId}/content`, publishableReport('2026-10'))).status).toBe(200)
  expect((await admin.call('POST', `/api/reports/${reportId}/publish`, {})).status).toBe(201)
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await stopAndRemove(server)
})

describe('security headers', () => {
  it('the app page, a client route and the built files: strict CSP, no framing', async () => {
    const index = await fetch(server.url + '/')
    const html = await index.text()
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1]
    expect(script, 'the built client (run `npx vite build`)').toBeTruthy()
    for (const p of ['/', '/reports/whatever', script!]) {
      const res = await fetch(server.url + p)
      expect(res.status, p).toBe(200)
      const csp = directives(res.headers.get('content-security-policy'))
      expect(csp, p).toMatchObject({
        'default-src': "'self'",
        'script-src': "'self'",
        'connect-src': "'self'",
        'object-src': "'none'",
        'base-uri': "'none'",
        'frame-ancestors': "'none'",
      })
      expect(res.headers.get('x-frame-options'), p).toBe('DENY')
    }
  })

  it('the JSON API: nothing may load or frame; the exports: inline styles and SVG only, sandboxed', async () => {
    const me = await fetch(`${server.url}/api/auth/me`, { headers: { authorization: `Bearer ${admin.token}` } })
    expect(directives(me.headers.get('content-security-policy'))).toMatchObject({ 'default-src': "'none'", 'frame-ancestors': "'none'" })
    expect(me.headers.get('x-frame-options')).toBe('DENY')
    const exported = await fetch(`${server.url}/api/reports/${reportId}/versions/1/export.html`, { headers: { authorization: `Bearer ${admin.token}` } })
    expect(exported.status).toBe(200)
    const csp = directives(exported.headers.get('content-security-policy'))
    expect(csp).toMatchObject({ 'default-src': "'none'", 'style-src': "'unsafe-inline'", 'frame-ancestors': "'none'", sandbox: '' })
    expect(csp['script-src']).toBeUndefined()
  })
})

describe('in Chromium', () => {
  /** A fresh page that records CSP violations (events and console messages) from its first script on. */
  async function watchedPage(): Promise<{ page: Page; violations: string[] }> {
    const context = await browser.newContext({ locale: 'zh-CN' })
    const page = await context.newPage()
    const violations: string[] = []
    await page.exposeFunction('__cspViolation', (v: string) => violations.push(v))
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        ;(window as unknown as { __cspViolation(v: string): void }).__cspViolation(`${e.violatedDirective} ${e.blockedURI}`)
      })
    })
    page.on('console', (msg) => {
      if (/Content Security Policy|Refused to/i.test(msg.text())) violations.push(msg.text())
    })
    return { page, violations }
  }

  it('the app signs in, opens a report and edits with no CSP violation', async () => {
    const { page, violations } = await watchedPage()
    const draft = await admin.createReport('CSP draft', '2026-11')
    await page.goto(server.url)
    await page.fill('input[name=username]', 'admin')
    await page.fill('input[name=password]', ADMIN_PASSWORD)
    await page.click('button[type=submit]')
    await page.click(`[data-report-id="${draft}"]`)
    await page.waitForSelector('[data-testid=report-body] section[data-section=highlights]')
    await page.click('[data-testid=report-body] section[data-section=highlights] p')
    await page.keyboard.type('CSP 测试')
    await page.waitForSelector('text=已保存')
    expect(violations).toEqual([])
    await page.context().close()
  })

  it('a page of another origin that frames the app gets an error page, not the app', async () => {
    const { page } = await watchedPage()
    // setContent resolves on the page's load event, which waits for the frame's (also a refused one).
    await page.setContent(`<iframe id="f" src="${server.url}/"></iframe>`)
    const frame = await (await page.$('#f'))!.contentFrame()
    expect(frame!.url()).toMatch(/^chrome-error:/)
    expect(await frame!.$('#root').catch(() => null)).toBeNull()
    await page.context().close()
  })

  it('an exported version opened in its own tab renders its styles and charts with no CSP violation', async () => {
    const { page, violations } = await watchedPage()
    await page.context().setExtraHTTPHeaders({ authorization: `Bearer ${admin.token}` })
    const res = await page.goto(`${server.url}/api/reports/${reportId}/versions/1/export.html`)
    expect(res!.status()).toBe(200)
    const styled = await page.evaluate(() => ({
      sheets: document.styleSheets.length,
      svg: document.querySelectorAll('svg').length,
      font: getComputedStyle(document.body).fontFamily,
    }))
    expect(styled.sheets).toBeGreaterThan(0)
    expect(styled.font).not.toBe('')
    expect(violations).toEqual([])
    await page.context().close()
  })
})
