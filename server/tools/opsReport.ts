/**
 * `ops-report`, the command for cron jobs and CI pipelines (the `bin` of this
 * package, run by server/tools/opsReportBin.mjs):
 *
 *   ops-report push --url https://reports.example.com --series ops-team --period 2026-11 metrics.csv
 *   ops-report push --url … --report <report id> metrics.csv
 *
 * reads a CSV or TSV file of metric values by key (readMetricsFile.ts) and
 * sends it as one push (sendMetricsPush.ts) with an API token (`opr_…`,
 * created in the web app or by `POST /api/tokens`), taken from
 * OPS_REPORT_TOKEN — or `--token`, where other users of the machine can see
 * it in `ps`. The URL may come from OPS_REPORT_URL.
 *
 * Exit codes: 0 applied (what changed is printed; sending the same file again
 * changes nothing and says so); 1 not sent (usage, unreadable file, a cell
 * that is not a number, a duplicate key); 2 refused by the server (its status,
 * error code and message: 400 unknown_metrics with the keys, 401 a revoked or
 * expired token, 403 out_of_scope, 404, 409 ambiguous_report, 423 locked);
 * 3 anything else (network, timeout, a server error) — worth a retry.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { MAX_PUSHED_METRICS, metricsPushSchema, seriesPeriodParams, type MetricsPush } from '../../schema/api/metricsApi'
import { readMetricsFile, type FileMetric } from './readMetricsFile'
import { sendMetricsPush, type PushOutcome, type PushTarget } from './sendMetricsPush'

export const EXIT = { applied: 0, usage: 1, refused: 2, failed: 3 } as const

const HELP = `ops-report push — send metric values from a CSV or TSV file into a report

usage:
  ops-report push --url <server> --series <series> --period <YYYY-MM> [options] <file.csv>
  ops-report push --url <server> --report <report id> [options] <file.csv>

options:
  --url <url>         the server (or env OPS_REPORT_URL)
  --token <opr_…>     the API token (better: env OPS_REPORT_TOKEN, which ps does not show)
  --series <series>   with --period: the live report of that series and month
  --period <YYYY-MM>
  --report <id>       instead of --series/--period
  --create-missing    keys no metric row has become new rows (else the server refuses them)
  --source <text>     the source (来源) of rows whose file has no source cell
  --dry-run           print the request body and send nothing (no token needed)
  -h, --help          this text

the file: a header row, then one metric per row. A key column is required
(key / 指标键 / 编码 / code): rows are matched by key, never by name. Value
columns: 本月 / current, 上月 / previous, 目标 / target, 单位 / unit,
名称 / name, 来源 / source; other columns are ignored. Numbers as spreadsheets
write them: 1,286,000 · 92.1% · 612万 (read in the row's 单位) · (12) · full-width
digits. An empty cell leaves that field as it is. UTF-8 (with or without BOM),
UTF-16 and GB18030 (Excel's "CSV" on Chinese Windows); delimiter , ; or tab.

exit codes: 0 applied · 1 not sent (usage, file) · 2 refused by the server · 3 network or server error
`

export interface Io {
  out: (line: string) => void
  err: (line: string) => void
  env: Record<string, string | undefined>
}

const defaultIo: Io = { out: (l) => process.stdout.write(l + '\n'), err: (l) => process.stderr.write(l + '\n'), env: process.env }

function usage(io: Io, message: string): number {
  io.err(`ops-report: ${message}`)
  io.err('run `ops-report push --help` for usage')
  return EXIT.usage
}

/** A problem of the body (zod's path `metrics.3.current`) named by the file line it came from. */
function onLine(pathOf: readonly PropertyKey[], metrics: readonly FileMetric[]): string {
  const [first, index, ...rest] = pathOf
  const m = first === 'metrics' && typeof index === 'number' ? metrics[index] : undefined
  return m ? `line ${m.line}, ${m.metric.key}${rest.length ? ' ' + rest.join('.') : ''}` : pathOf.join('.') || 'body'
}

function report(io: Io, outcome: PushOutcome, metrics: readonly FileMetric[]): number {
  if (outcome.kind === 'failed') {
    io.err(`ops-report: not applied: ${outcome.message}`)
    return EXIT.failed
  }
  if (outcome.kind === 'refused') {
    io.err(`ops-report: refused by the server: ${outcome.status} ${outcome.code}: ${outcome.message}`)
    const details = outcome.details as { keys?: unknown } | { path?: unknown; message?: unknown }[] | undefined
    if (details && !Array.isArray(details) && Array.isArray(details.keys)) {
      io.err(`  keys: ${details.keys.join(', ')}`)
      if (outcome.code === 'unknown_metrics') io.err('  (--create-missing adds them as new rows)')
    } else if (Array.isArray(details)) {
      for (const d of details) {
        if (typeof d?.path !== 'string' || typeof d.message !== 'string') continue
        const pathOf = d.path.split('.').map((part: string) => (/^\d+$/.test(part) ? Number(part) : part))
        io.err(`  ${onLine(pathOf, metrics)}: ${d.message}`)
      }
    }
    return EXIT.refused
  }
  const { reportId, updated, created, unchanged } = outcome.result
  if (updated.length === 0 && created.length === 0) {
    io.out(`report ${reportId}: nothing changed (${unchanged.length} unchanged)`)
  } else {
    io.out(`report ${reportId}: ${updated.length} updated, ${created.length} created, ${unchanged.length} unchanged`)
  }
  if (updated.length) io.out(`  updated:   ${updated.join(', ')}`)
  if (created.length) io.out(`  created:   ${created.join(', ')}`)
  if (unchanged.length) io.out(`  unchanged: ${unchanged.join(', ')}`)
  return EXIT.applied
}

async function push(argv: string[], io: Io): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        url: { type: 'string' },
        token: { type: 'string' },
        series: { type: 'string' },
        period: { type: 'string' },
        report: { type: 'string' },
        'create-missing': { type: 'boolean' },
        source: { type: 'string' },
        'dry-run': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    })
  } catch (err) {
    return usage(io, err instanceof Error ? err.message : String(err))
  }
  const { values: o, positionals } = parsed
  if (o.help) {
    io.out(HELP.trimEnd())
    return EXIT.applied
  }
  if (positionals.length !== 1) return usage(io, positionals.length === 0 ? 'name the CSV or TSV file to push' : `one file at a time (got ${positionals.join(', ')})`)
  const file = positionals[0]!

  let target: PushTarget
  if (o.report !== undefined) {
    if (o.series !== undefined || o.period !== undefined) return usage(io, '--report or --series/--period, not both')
    if (o.report.trim() === '') return usage(io, '--report: a report id')
    target = { reportId: o.report }
  } else {
    if (o.series === undefined || o.period === undefined) return usage(io, 'say where to push: --series <series> --period <YYYY-MM>, or --report <id>')
    const checked = seriesPeriodParams.safeParse({ series: o.series, period: o.period })
    if (!checked.success) return usage(io, checked.error.issues.map((i) => i.message).join('; '))
    target = checked.data
  }

  let bytes: Uint8Array
  try {
    bytes = readFileSync(file)
  } catch (err) {
    return usage(io, `cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`)
  }
  const read = readMetricsFile(bytes, { fileName: path.basename(file), ...(o.source !== undefined ? { source: o.source } : {}) })
  if (read.problems.length > 0) {
    io.err(`ops-report: ${file}: nothing sent:`)
    for (const p of read.problems) io.err(`  ${p}`)
    return EXIT.usage
  }
  if (read.metrics.length === 0) return usage(io, `${file}: no metric rows with values`)
  if (read.metrics.length > MAX_PUSHED_METRICS) return usage(io, `${file}: ${read.metrics.length} metrics, at most ${MAX_PUSHED_METRICS} in one push`)
  const body: MetricsPush = { metrics: read.metrics.map((m) => m.metric), ...(o['create-missing'] ? { createMissing: true } : {}) }
  const valid = metricsPushSchema.safeParse(body)
  if (!valid.success) {
    io.err(`ops-report: ${file}: nothing sent:`)
    for (const issue of valid.error.issues) io.err(`  ${onLine(issue.path, read.metrics)}: ${issue.message}`)
    return EXIT.usage
  }

  if (o['dry-run']) {
    const where = 'reportId' in target ? `report ${target.reportId}` : `series ${target.series}, period ${target.period}`
    io.err(`ops-report: dry run, nothing sent: ${read.metrics.length} metrics for ${where} (${read.encoding}, delimiter ${JSON.stringify(read.delimiter)}${read.ignoredColumns.length ? `, ignored columns: ${read.ignoredColumns.join(', ')}` : ''})`)
    io.out(JSON.stringify(body, null, 2))
    return EXIT.applied
  }
  const url = o.url ?? io.env.OPS_REPORT_URL
  if (!url) return usage(io, '--url <server> (or env OPS_REPORT_URL)')
  try {
    const u = new URL(url)
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('not http(s)')
  } catch {
    return usage(io, `--url: not an http(s) URL: ${url}`)
  }
  const token = o.token ?? io.env.OPS_REPORT_TOKEN
  if (!token) return usage(io, 'no API token: set OPS_REPORT_TOKEN (or --token, visible in ps)')
  return report(io, await sendMetricsPush(url, token, target, body), read.metrics)
}

/** Runs the command with its arguments (without `node` and the script); the exit code. */
export async function opsReport(argv: string[], io: Io = defaultIo): Promise<number> {
  const [command, ...rest] = argv
  if (command === undefined) {
    io.err(HELP.trimEnd())
    return EXIT.usage
  }
  if (command === '--help' || command === '-h' || command === 'help') {
    io.out(HELP.trimEnd())
    return EXIT.applied
  }
  if (command === 'push') return push(rest, io)
  return usage(io, `unknown command ${JSON.stringify(command)} (the one command is push)`)
}
