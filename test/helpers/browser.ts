/** Debian's Chromium through playwright-core (browser downloads are not possible here). */
import { existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'

export const ARTIFACTS_DIR = path.resolve(import.meta.dirname, '..', '..', 'test-artifacts')

export function chromePath(): string {
  const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[]
  const found = candidates.find((p) => existsSync(p))
  if (!found) throw new Error('Chromium not found: install Debian chromium (see .ci/run) or set CHROME_PATH')
  return found
}

export async function launchBrowser(): Promise<Browser> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true })
  return chromium.launch({
    executablePath: chromePath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  })
}

/**
 * A new browser context logged in through the login form, on the report
 * list. Page errors and console errors (except those matching `expected`)
 * are pushed to `errors`, which tests assert empty.
 */
export async function loginPage(
  browser: Browser,
  baseUrl: string,
  username: string,
  password: string,
  errors: string[],
  expected: RegExp = /^Failed to load resource/, // the 401 of /api/auth/me before login
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' })
  const page = await context.newPage()
  page.on('pageerror', (err) => errors.push(`${username}: ${err.message}`))
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !expected.test(msg.text())) errors.push(`${username}: ${msg.text()}`)
  })
  await page.goto(baseUrl)
  await page.fill('input[name=username]', username)
  await page.fill('input[name=password]', password)
  await page.click('button[type=submit]')
  await page.waitForSelector('.report-list')
  return page
}
