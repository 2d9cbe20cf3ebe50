/**
 * Issue 14: "The PDF/print puts every section on its own page (11 A4 pages, the first holding one short
 * section)". The demo-like report's published HTML export, printed to PDF by headless Chromium
 * (`page.pdf`, the export's own `@page` size), takes clearly fewer pages: sections share pages and
 * pages break between blocks. Measured: 11 pages before, 5 after.
 */
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { DEMO_TITLE } from '../server/demo/demoReportContent'
import { Api } from './helpers/api'
import { ARTIFACTS_DIR, launchBrowser } from './helpers/browser'
import { stopAndRemove } from './helpers/cleanup'
import { publishableReport } from './helpers/publishableReport'
import { startServer, type TestServer } from './helpers/startServer'

let server: TestServer
let browser: Browser

beforeAll(async () => {
  server = await startServer({ env: { SEED_DEMO: 'false' } })
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await stopAndRemove(server)
})

/** Pages of a PDF: its page objects (`/Type /Page`, not `/Pages`); Chromium's PDFs keep object dictionaries uncompressed. */
function pageCount(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length
}

describe('PDF of the HTML export', () => {
  it('the demo-like report prints on at most 6 A4 pages (11 with a page per section)', async () => {
    const admin = await Api.login(server.url)
    const id = await admin.createReport(DEMO_TITLE, '2026-10')
    expect((await admin.call('PUT', `/api/reports/${id}/content`, publishableReport('2026-10'))).status).toBe(200)
    expect((await admin.call('POST', `/api/reports/${id}/publish`, {})).status).toBe(201)
    const res = await fetch(`${server.url}/api/reports/${id}/versions/1/export.html`, { headers: { authorization: `Bearer ${admin.token}` } })
    expect(res.status).toBe(200)
    const html = await res.text()

    const page = await browser.newPage()
    await page.setContent(html, { waitUntil: 'load' })
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true })
    writeFileSync(path.join(ARTIFACTS_DIR, 'export-demo.pdf'), pdf)
    await page.close()

    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    // The page tree's total agrees with the page objects counted.
    const total = Math.max(...[...pdf.toString('latin1').matchAll(/\/Type \/Pages\s*\/Count (\d+)/g)].map((m) => Number(m[1])))
    const pages = pageCount(pdf)
    expect(total).toBe(pages)
    expect(pages).toBeGreaterThanOrEqual(3) // the whole report is there, not cut
    expect(pages).toBeLessThanOrEqual(6)
  })
})
