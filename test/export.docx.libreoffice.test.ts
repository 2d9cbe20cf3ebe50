/**
 * Issue 15, "DOCX export": a published version downloaded over HTTP as
 * `export.docx` opens in a real word processor. LibreOffice (headless, a
 * fresh profile per run) converts it to PDF; the PDF's text (pdftotext)
 * holds the title block, every section, the metrics with their 环比 and
 * 达成率, the issues, actions, goals, feedback and KPIs, the page footer,
 * and its page count (pdfinfo) is that of a monthly report. Page 1 is
 * rendered to test-artifacts/docx-page1.png (pdftoppm) for a look.
 * The live draft's export and the roles are checked over HTTP.
 */
import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { strFromU8, unzipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Api } from './helpers/api'
import { stopAndRemove } from './helpers/cleanup'
import { publishableReport } from './helpers/publishableReport'
import { startServer, type TestServer } from './helpers/startServer'

const run = promisify(execFile)
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
const TITLE = '2026年10月 运营服务月报 · 华东 <w:p> & 客服'

/** LibreOffice and poppler are Debian packages .ci/run installs; a machine without them skips, CI never does. */
const tools = await Promise.all(['soffice', 'pdftotext', 'pdfinfo', 'pdftoppm'].map((t) => run('which', [t]).then(() => true, () => false)))
const haveTools = tools.every(Boolean)

let server: TestServer
let admin: Api
let tmp: string

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'docx-export-'))
  server = await startServer({ env: { SEED_DEMO: 'false' } })
  admin = await Api.login(server.url)
})

afterAll(async () => {
  await stopAndRemove(server)
  rmSync(tmp, { recursive: true, force: true })
})

const get = (path: string, token = admin.token) => fetch(server.url + path, { headers: { authorization: `Bearer ${token}` } })

async function publish(period: string, title: string, fcr: string): Promise<string> {
  const created = await admin.call('POST', '/api/reports', { title, period, series: 'docx-export' })
  expect(created.status).toBe(201)
  const id = (created.body as { id: string }).id
  expect((await admin.call('PUT', `/api/reports/${id}/content`, publishableReport(period, { fcr }))).status).toBe(200)
  const res = await admin.call('POST', `/api/reports/${id}/publish`, {})
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return id
}

/** Text of a .docx's main part, for the checks that need no word processor. */
const documentText = (bytes: Uint8Array) =>
  [...strFromU8(unzipSync(bytes)['word/document.xml']!).matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('')

describe.skipIf(!haveTools && !process.env.CI)('export.docx in LibreOffice', () => {
  let id: string

  it('serves a published version as a Word file named after the report and version', async () => {
    await publish('2026-09', '2026年9月 运营服务月报', '88.0')
    id = await publish('2026-10', TITLE, '92.1')
    const started = performance.now()
    const res = await get(`/api/reports/${id}/versions/1/export.docx`)
    const bytes = new Uint8Array(await res.arrayBuffer())
    const ms = performance.now() - started
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe(DOCX)
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="${id}-v1.docx"; filename*=UTF-8''${encodeURIComponent('2026年10月 运营服务月报 · 华东 w p & 客服 v1.docx')}`,
    )
    expect([...bytes.slice(0, 2)]).toEqual([0x50, 0x4b]) // a zip
    writeFileSync(path.join(tmp, 'report.docx'), bytes)
    console.log(`[docx] export over HTTP: ${Math.round(ms)} ms, ${bytes.length} bytes`)
  })

  it('converts to a PDF with the report’s text, its page numbers and a monthly report’s length', async () => {
    const started = performance.now()
    await run(
      'soffice',
      [`-env:UserInstallation=file://${path.join(tmp, 'profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', tmp, path.join(tmp, 'report.docx')],
      { timeout: 150_000 },
    )
    console.log(`[docx] LibreOffice conversion: ${Math.round(performance.now() - started)} ms`)
    const pdf = path.join(tmp, 'report.pdf')
    const pages = Number(/^Pages:\s+(\d+)/m.exec((await run('pdfinfo', [pdf])).stdout)?.[1])
    console.log(`[docx] pages: ${pages}`)
    expect(pages).toBeGreaterThanOrEqual(3)
    expect(pages).toBeLessThanOrEqual(7)
    expect((await run('pdfinfo', [pdf])).stdout).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/)

    // pdftotext sets CJK without the spaces Word puts around Latin text: prose is compared without white space,
    // table rows as lines of the page's layout, cells in order.
    const layout = (await run('pdftotext', ['-layout', '-enc', 'UTF-8', pdf, '-'])).stdout
    const text = layout.replace(/\s+/g, '')
    const has = (s: string) => expect(text, s).toContain(s.replace(/\s+/g, ''))
    const row = (...cells: string[]) => {
      const line = layout.split('\n').find((l) => l.trimStart().startsWith(cells[0]!))
      expect(line, cells[0]).toBeDefined()
      expect(line!.trim().split(/\s{2,}|\s+(?=[+\-\d])/), cells[0]).toEqual(cells)
    }
    has(TITLE) // markup typed in a title is text, not Word XML
    has('期间：2026-10')
    has('版本：v1')
    for (const s of ['重要事件回顾', '数据统计', '问题分析', '改进措施', '目标设定', '客户反馈', '团队协作', '市场趋势分析', '财务概况', '总结与展望']) has(s)
    for (const s of ['指标', '本月', '上月', '目标', '环比', '达成率']) has(s)
    row('一次解决率', '92.1%', '90.3%', '92%', '+2.0%', '100.1%')
    row('平均首次响应', '18 秒', '24 秒', '20 秒', '-25.0%', '111.1%')
    row('服务总量', '1286000 次', '1124000 次', '1200000 次', '+14.4%', '107.2%')
    has('已达成目标')
    has('未达成目标')
    has('口径：72 小时内未重复进线的会话 ÷ 全部会话')
    has('大促后退换货咨询积压')
    has('根本原因：大促退货规则变更未提前同步至知识库')
    has('#1 [进行中] 规则变更与知识库联动')
    has('基线值 92.1% → 目标值 93.5%')
    has('国庆期间响应快')
    has('关键指标（服务器计算）')
    has('达标指标')
    has('趋势图 一次解决率（%）')
    has('2026-09 88.0；2026-10 92.1')
    has(`第 1 页 / 共 ${pages} 页`)
    has(`第 ${pages} 页 / 共 ${pages} 页`)

    // Page 1 as a picture, to look at the CJK type (docs/docx-page1.png is one).
    const artifacts = path.resolve(import.meta.dirname, '..', 'test-artifacts')
    mkdirSync(artifacts, { recursive: true })
    await run('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', pdf, path.join(artifacts, 'docx-page1')])
    expect(readFileSync(path.join(artifacts, 'docx-page1.png')).subarray(1, 4).toString()).toBe('PNG')
  })

  it('serves the live draft as a Word file marked 草稿, to viewers and no one else', async () => {
    const draft = await admin.createReport('十一月 草稿', '2026-11', 'docx-export')
    expect((await admin.call('PUT', `/api/reports/${draft}/content`, publishableReport('2026-11'))).status).toBe(200)
    const viewer = await admin.createUser(`docx-viewer-${Date.now()}`)
    const outsider = await admin.createUser(`docx-outsider-${Date.now()}`)
    await admin.setRole(draft, viewer.id, 'viewer')

    const res = await get(`/api/reports/${draft}/export.docx`, viewer.api.token)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe(DOCX)
    expect(res.headers.get('content-disposition')).toContain(`filename="${draft}-draft.docx"`)
    const text = documentText(new Uint8Array(await res.arrayBuffer()))
    expect(text).toContain('版本：草稿（未发布）')
    expect(text).toContain('一次解决率')

    expect((await get(`/api/reports/${draft}/export.docx`, outsider.api.token)).status).toBe(403)
    expect((await get(`/api/reports/${id}/versions/1/export.docx`, outsider.api.token)).status).toBe(403)
    expect((await fetch(`${server.url}/api/reports/${draft}/export.docx`)).status).toBe(401)
  })
})
