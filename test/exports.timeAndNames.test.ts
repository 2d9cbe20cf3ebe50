/**
 * Issue 14, "Published versions and exports are right": times in exports are in the instance's zone
 * (TIMEZONE, default Asia/Shanghai), the client learns the zone from `GET /api/config`, a bad TIMEZONE
 * stops the boot, and exported files are named after the report and version (RFC 6266 / 5987
 * `filename*=UTF-8''…` with an ASCII fallback), never after the id alone, with nothing unsafe in the name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatLocalTime } from '@schema/time/formatLocalTime'
import { DEMO_TITLE } from '../server/demo/demoReportContent'
import { Api } from './helpers/api'
import { stopAndRemove } from './helpers/cleanup'
import { publishableReport } from './helpers/publishableReport'
import { appendParagraph } from './helpers/doc'
import { RawClient } from './helpers/rawClient'
import { startServer, type TestServer } from './helpers/startServer'
import { waitUntil } from './helpers/wait'

let server: TestServer
let admin: Api

beforeAll(async () => {
  server = await startServer({ env: { SEED_DEMO: 'false', SNAPSHOT_INTERVAL_MS: '200' } })
  admin = await Api.login(server.url)
})

afterAll(async () => {
  await stopAndRemove(server)
})

const get = (path: string) => fetch(server.url + path, { headers: { authorization: `Bearer ${admin.token}` } })

/** The UTF-8 file name of a Content-Disposition (RFC 5987 `filename*`), and its ASCII fallback. */
function fileNames(header: string | null): { utf8: string; ascii: string; type: string } {
  expect(header, 'content-disposition').toBeTruthy()
  const utf8 = /filename\*=UTF-8''([^;\s]+)/.exec(header!)?.[1]
  const ascii = /filename="([^"]*)"/.exec(header!)?.[1]
  expect(utf8, header!).toBeTruthy()
  expect(ascii, header!).toBeTruthy()
  return { utf8: decodeURIComponent(utf8!), ascii: ascii!, type: header!.split(';')[0]! }
}

async function publish(title: string, period: string): Promise<{ id: string; publishedAt: string }> {
  const id = await admin.createReport(title, period)
  expect((await admin.call('PUT', `/api/reports/${id}/content`, publishableReport(period))).status).toBe(200)
  const res = await admin.call('POST', `/api/reports/${id}/publish`, {})
  expect(res.status).toBe(201)
  return { id, publishedAt: res.body.publishedAt as string }
}

describe('exports: names and times', () => {
  it('GET /api/config tells the client the zone (default Asia/Shanghai), without signing in', async () => {
    const res = await fetch(`${server.url}/api/config`)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ timeZone: 'Asia/Shanghai' })
  })

  it('names v1 and v1.1 exports after the report and version, UTF-8 with an ASCII fallback', async () => {
    const { id, publishedAt } = await publish(DEMO_TITLE, '2026-10')
    const md = await get(`/api/reports/${id}/versions/1/export.md`)
    expect(md.status).toBe(200)
    const mdName = fileNames(md.headers.get('content-disposition'))
    expect(mdName).toEqual({ type: 'attachment', utf8: `${DEMO_TITLE} v1.md`, ascii: `${id}-v1.md` })
    // The time in the export is Beijing time, not UTC.
    const text = await md.text()
    expect(text).toContain(`- **发布时间**：${formatLocalTime(publishedAt, 'Asia/Shanghai')}`)
    expect(text).not.toMatch(/UTC/)

    const html = await get(`/api/reports/${id}/versions/1/export.html`)
    expect(fileNames(html.headers.get('content-disposition'))).toEqual({ type: 'inline', utf8: `${DEMO_TITLE} v1.html`, ascii: `${id}-v1.html` })
    const page = await html.text()
    expect(page).toContain(formatLocalTime(publishedAt, 'Asia/Shanghai'))
    expect(page).not.toMatch(/\d{2}:\d{2} UTC/)

    expect((await admin.call('POST', `/api/reports/${id}/unlock`, { reason: 'fix a figure' })).status).toBe(200)
    expect((await admin.call('POST', `/api/reports/${id}/publish`, {})).status).toBe(201)
    const md11 = await get(`/api/reports/${id}/versions/1.1/export.md`)
    expect(fileNames(md11.headers.get('content-disposition')).utf8).toBe('2026年10月 运营服务月报 · 华东电商客服中心 v1.1.md')
  })

  it('names a snapshot export after the report and the snapshot time in the instance zone', async () => {
    const id = await admin.createReport('十月 快照', '2026-08')
    const client = RawClient.connect(server.wsUrl, id, { token: admin.token })
    await client.waitSynced()
    client.edit((doc) => appendParagraph(doc, 'autosaved'))
    await client.waitSaved()
    const snapshots = async () => (await admin.call('GET', `/api/reports/${id}/history`)).body.snapshots as { id: string; at: string }[]
    await waitUntil(async () => (await snapshots()).length > 0, 'a snapshot')
    await client.end()
    const [s] = await snapshots()
    const res = await get(`/api/reports/${id}/snapshots/${s!.id}/export.html`)
    expect(res.status).toBe(200)
    const when = formatLocalTime(s!.at, 'Asia/Shanghai').replace(':', '')
    expect(fileNames(res.headers.get('content-disposition'))).toEqual({ type: 'inline', utf8: `十月 快照 ${when}.html`, ascii: `${id}-${s!.id}.html` })
  })

  it('keeps path separators, quotes and control characters out of the name', async () => {
    const { id } = await publish('../../etc/"passwd"; x=\'1\' a\\b', '2026-09')
    const header = (await get(`/api/reports/${id}/versions/1/export.md`)).headers.get('content-disposition')
    const { utf8, ascii } = fileNames(header)
    for (const name of [utf8, ascii]) {
      expect(name).not.toMatch(/[\\/"']/)
      expect(name.startsWith('.')).toBe(false)
      expect(name.endsWith(' v1.md') || name.endsWith('-v1.md')).toBe(true)
    }
    expect(utf8).toBe('etc passwd ; x= 1 a b v1.md')
  })
})

describe('TIMEZONE', () => {
  it('another zone reaches the client and the exports', async () => {
    const berlin = await startServer({ env: { SEED_DEMO: 'false', TIMEZONE: 'Europe/Berlin' } })
    try {
      expect(await (await fetch(`${berlin.url}/api/config`)).json()).toEqual({ timeZone: 'Europe/Berlin' })
      const api = await Api.login(berlin.url)
      const id = await api.createReport('Berlin', '2026-10')
      expect((await api.call('PUT', `/api/reports/${id}/content`, publishableReport('2026-10'))).status).toBe(200)
      const published = await api.call('POST', `/api/reports/${id}/publish`, {})
      const md = await (await fetch(`${berlin.url}/api/reports/${id}/versions/1/export.md`, { headers: { authorization: `Bearer ${api.token}` } })).text()
      expect(md).toContain(formatLocalTime(published.body.publishedAt as string, 'Europe/Berlin'))
    } finally {
      await stopAndRemove(berlin)
    }
  })

  it('a name that is no IANA zone stops the boot with a message naming TIMEZONE', async () => {
    await expect(startServer({ env: { TIMEZONE: 'Mars/Olympus' } })).rejects.toThrow(/TIMEZONE: not an IANA time zone/)
  })
})
