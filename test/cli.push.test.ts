/**
 * `ops-report push` (server/tools/opsReport.ts) end to end: the package's bin
 * run as a child process, as a cron job would (from another folder, the token
 * in OPS_REPORT_TOKEN), against a real server. CSV files as Excel and WPS
 * write them (UTF-8 with BOM, thousands separators, 万, %, GB18030 TSV with
 * full-width digits) change the report's metric rows; the same file again
 * changes nothing; what the server refuses is exit 2 with its code and
 * message; a file that cannot be read as metrics is exit 1, nothing sent;
 * no server is exit 3.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { JSONContent } from '@tiptap/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Api } from './helpers/api'
import { stopAndRemove } from './helpers/cleanup'
import { publishableReport } from './helpers/publishableReport'
import { freePort, startServer, type TestServer } from './helpers/startServer'

const BIN = path.resolve(import.meta.dirname, '..', 'server', 'tools', 'opsReportBin.mjs')
const BOM = '\ufeff'

let server: TestServer
let admin: Api
let pusher: { api: Api; id: string }
let dir: string
/** The report of series cli-a, 2026-11 (demo body), and one of another series. */
let reportA: string
let reportB: string

const inAYear = () => new Date(Date.now() + 300 * 24 * 3600 * 1000).toISOString()

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs the bin as a cron job would: from a folder of its own, the token in the environment unless given. */
function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const { OPS_REPORT_TOKEN: _t, OPS_REPORT_URL: _u, ...base } = process.env
    const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

function file(name: string, content: string | Uint8Array): string {
  const p = path.join(dir, name)
  writeFileSync(p, content)
  return p
}

async function token(scope: { series?: string[]; reports?: string[] }): Promise<{ id: string; token: string }> {
  const res = await pusher.api.call<{ id: string; token: string }>('POST', '/api/tokens', { name: 'BI 日报', scope, expiresAt: inAYear() })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return res.body
}

/** The attributes of each metric row of a report, by key, as REST reads the content. */
async function rows(reportId: string): Promise<Record<string, Record<string, unknown>>> {
  const res = await admin.call<JSONContent>('GET', `/api/reports/${reportId}/content`)
  expect(res.status).toBe(200)
  const out: Record<string, Record<string, unknown>> = {}
  const visit = (n: JSONContent) => {
    if (n.type === 'metricRow' && typeof n.attrs?.key === 'string') out[n.attrs.key] ??= n.attrs
    n.content?.forEach(visit)
  }
  visit(res.body)
  return out
}

async function reportWithDemoBody(series: string, period: string): Promise<string> {
  const id = await admin.createReport(`CLI ${series}`, period, series)
  expect((await admin.call('PUT', `/api/reports/${id}/content`, publishableReport(period))).status).toBe(200)
  await admin.setRole(id, pusher.id, 'editor')
  return id
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'ops-report-cli-'))
  server = await startServer()
  admin = await Api.login(server.url)
  pusher = await admin.createUser('cli-pusher')
  reportA = await reportWithDemoBody('cli-a', '2026-11')
  reportB = await reportWithDemoBody('cli-b', '2026-10')
})
afterAll(async () => {
  await stopAndRemove(server)
  rmSync(dir, { recursive: true, force: true })
})

describe('ops-report push', () => {
  it('writes a UTF-8 CSV with BOM, thousands separators, 万 and % into the report of a series and month; the same file again changes nothing', async () => {
    const { token: secret } = await token({ series: ['cli-a'] })
    const csv = file(
      'metrics.csv',
      BOM +
        '指标键,名称,本月,上月,单位,环比\r\n' +
        'service_volume,服务总量,"1,300,000",128.6万,次,+1.1%\r\n' +
        'revenue,收入,598万,"575",万元,\r\n' +
        'fcr,一次解决率,92.5%,,%,\r\n',
    )
    const before = await rows(reportA)
    const args = ['push', '--url', server.url, '--series', 'cli-a', '--period', '2026-11', csv]
    const first = await cli(args, { OPS_REPORT_TOKEN: secret })
    expect(first, first.stderr).toMatchObject({ code: 0 })
    expect(first.stdout).toContain(`report ${reportA}: 3 updated, 0 created, 0 unchanged`)
    const after = await rows(reportA)
    expect(after.service_volume).toMatchObject({ current: '1300000', previous: '1286000', unit: '次', name: '服务总量' })
    expect(after.revenue).toMatchObject({ current: '598', previous: '575', unit: '万元' })
    expect(after.fcr).toMatchObject({ current: '92.5', previous: before.fcr!.previous, unit: '%' })
    expect(after.cost).toEqual(before.cost) // not in the file

    const second = await cli(args, { OPS_REPORT_TOKEN: secret })
    expect(second, second.stderr).toMatchObject({ code: 0 })
    expect(second.stdout).toContain(`report ${reportA}: nothing changed (3 unchanged)`)
    expect(await rows(reportA)).toEqual(after)
  })

  it('reads a GB18030 TSV (Excel on Chinese Windows) with full-width digits, by report id and --token', async () => {
    const { token: secret } = await token({ reports: [reportA] })
    // 指标键⇥本月⇥单位 / cost⇥４８０万⇥万元, CRLF, as GB18030 bytes.
    const bytes = Buffer.from('d6b8b1eabcfc09b1bed4c209b5a5cebb0d0a' + '636f737409a3b4a3b8a3b0cdf209cdf2d4aa0d0a', 'hex')
    expect(new TextDecoder('gb18030').decode(bytes)).toBe('指标键\t本月\t单位\r\ncost\t４８０万\t万元\r\n')
    const tsv = file('cost.tsv', bytes)
    const run = await cli(['push', '--url', server.url, '--token', secret, '--report', reportA, '--source', '财务系统导出', tsv])
    expect(run, run.stderr).toMatchObject({ code: 0 })
    expect(run.stdout).toContain('1 updated')
    expect((await rows(reportA)).cost).toMatchObject({ current: '480', unit: '万元', source: '财务系统导出' })
  })

  it('prints the body with --dry-run and sends nothing (no token needed)', async () => {
    const csv = file('dry.csv', 'key,current,target\nrevenue,"1,234.5",(12)\n')
    const before = await rows(reportA)
    const run = await cli(['push', '--dry-run', '--report', reportA, csv])
    expect(run, run.stderr).toMatchObject({ code: 0 })
    expect(JSON.parse(run.stdout)).toEqual({ metrics: [{ key: 'revenue', current: '1234.5', target: '-12' }] })
    expect(await rows(reportA)).toEqual(before)
  })

  it('exits 2 with the server’s code and the keys on unknown keys, writing nothing; --create-missing adds them', async () => {
    const { token: secret } = await token({ series: ['cli-a'] })
    const csv = file('unknown.csv', '指标键,名称,本月,单位\nrevenue,收入,1,万元\ntickets_new,新增工单,"1,200",件\n')
    const before = await rows(reportA)
    const args = ['push', '--url', server.url, '--series', 'cli-a', '--period', '2026-11', csv]
    const refused = await cli(args, { OPS_REPORT_TOKEN: secret })
    expect(refused.code, refused.stdout + refused.stderr).toBe(2)
    expect(refused.stderr).toContain('400 unknown_metrics')
    expect(refused.stderr).toContain('keys: tickets_new')
    expect(await rows(reportA)).toEqual(before)

    const created = await cli([...args, '--create-missing'], { OPS_REPORT_TOKEN: secret })
    expect(created, created.stderr).toMatchObject({ code: 0 })
    expect(created.stdout).toContain('1 updated, 1 created, 0 unchanged')
    expect((await rows(reportA)).tickets_new).toMatchObject({ name: '新增工单', current: '1200', unit: '件' })
  })

  it('exits 2 when the token is out of scope (403) or revoked (401)', async () => {
    const { id, token: secret } = await token({ series: ['cli-a'] })
    const csv = file('one.csv', 'key,current\nrevenue,600\n')
    const outside = await cli(['push', '--url', server.url, '--report', reportB, csv], { OPS_REPORT_TOKEN: secret })
    expect(outside.code, outside.stderr).toBe(2)
    expect(outside.stderr).toContain('403 out_of_scope')

    expect((await pusher.api.call('DELETE', `/api/tokens/${id}`)).status).toBe(200)
    const before = await rows(reportA)
    const revoked = await cli(['push', '--url', server.url, '--series', 'cli-a', '--period', '2026-11', csv], { OPS_REPORT_TOKEN: secret })
    expect(revoked.code, revoked.stderr).toBe(2)
    expect(revoked.stderr).toContain('refused by the server: 401')
    expect(await rows(reportA)).toEqual(before)
  })

  it('exits 2 with 423 locked on a published report', async () => {
    const { token: secret } = await token({ reports: [reportB] })
    expect((await admin.call('POST', `/api/reports/${reportB}/publish`, {})).status).toBe(201)
    const csv = file('locked.csv', 'key,current\nrevenue,600\n')
    const run = await cli(['push', '--url', server.url, '--report', reportB, csv], { OPS_REPORT_TOKEN: secret })
    expect(run.code, run.stderr).toBe(2)
    expect(run.stderr).toContain('423 locked')
  })

  it('exits 1 and sends nothing for a file without a key column, a cell that is no number, or no token; 3 when the server cannot be reached', async () => {
    const url = ['--url', server.url, '--report', reportA]
    const byName = await cli(['push', ...url, file('names.csv', '名称,本月\n收入,600\n')], { OPS_REPORT_TOKEN: 'opr_x' })
    expect(byName.code).toBe(1)
    expect(byName.stderr).toContain('no key column')
    const bad = await cli(['push', ...url, file('bad.csv', 'key,current,unit\nrevenue,12O,万元\ncost,1万,\n')], { OPS_REPORT_TOKEN: 'opr_x' })
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain('line 2, revenue current: "12O" is not a number')
    expect(bad.stderr).toContain('line 3, cost current: "1万" has 万 / 亿 but the row has no unit cell')
    const noToken = await cli(['push', ...url, file('ok.csv', 'key,current\nrevenue,600\n')])
    expect(noToken.code).toBe(1)
    expect(noToken.stderr).toContain('OPS_REPORT_TOKEN')
    expect((await cli(['push', '--url', server.url, '--series', 'cli-a', '--period', '2026-13', path.join(dir, 'ok.csv')])).code).toBe(1)

    const nobody = `http://127.0.0.1:${await freePort()}`
    const unreachable = await cli(['push', '--url', nobody, '--report', reportA, path.join(dir, 'ok.csv')], { OPS_REPORT_TOKEN: 'opr_x' })
    expect(unreachable.code, unreachable.stderr).toBe(3)
    expect(unreachable.stderr).toContain('not applied')
  })

  it('answers --help with exit 0, and no command with the usage and exit 1', async () => {
    const help = await cli(['push', '--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('ops-report push --url <server> --series <series> --period <YYYY-MM>')
    expect((await cli([])).code).toBe(1)
    expect((await cli(['pull'])).code).toBe(1)
  })
})
