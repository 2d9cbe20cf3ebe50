/**
 * A CSV or TSV file of metric values, as the body of a metrics push
 * (`ops-report push`): its bytes decoded (UTF-8 with or without BOM, UTF-16,
 * GB18030 as Excel and WPS on a Chinese Windows save "CSV"), its delimiter
 * sniffed (`,` `;` or tab; always tab for a `.tsv`), its header row mapped
 * to metric fields (指标键 / 名称 / 本月 / 上月 / 目标 / 单位 / 来源 and the
 * English names), its numbers read as spreadsheets write them (thousands
 * separators, full-width digits, `%`, `万` / `亿`, `(1)`).
 *
 * The push endpoint finds rows by key, so the file must have a key column
 * (`key`, `指标键`, `编码`, `code`, `id`): a file without one is refused, not
 * matched by name — a metric's name is free text an editor may change, its
 * key is what the KPIs and the pipelines agree on.
 *
 * What each cell does: an empty cell (or `-`) leaves that field of the row as
 * it is; a name, unit or source cell overwrites the row's. A `万` / `亿` in a
 * number is read in the unit of the row's unit cell (`612万` with unit `万元`
 * is 612, with unit `次` 6120000); without a unit cell it is refused rather
 * than guessed. Columns the push cannot set (方向, 口径, 备注, derived ones)
 * are ignored.
 */
import type { PushedMetric } from '../../schema/api/metricsApi'
import { decodeTextFile, type DecodedText } from '../../schema/metrics/decodeTextFile'
import { mapMetricColumns, NUMERIC_FIELDS, type MetricField } from '../../schema/metrics/mapMetricColumns'
import { parseSpreadsheetNumber } from '../../schema/metrics/parseSpreadsheetNumber'
import { parseTabular, sniffDelimiter } from '../../schema/metrics/parseTabular'

/** Text fields a push sets from the file. */
const TEXT_FIELDS = ['name', 'unit', 'source'] as const satisfies readonly MetricField[]

export interface FileMetric {
  metric: PushedMetric
  /** The file's line (1-based, counting the header) the metric came from. */
  line: number
}

export interface MetricsFile {
  metrics: FileMetric[]
  encoding: DecodedText['encoding']
  delimiter: string
  /** Headers of the columns a push cannot set (ignored). */
  ignoredColumns: string[]
  /** Everything wrong with the file, each naming its line; nothing is sent when there is any. */
  problems: string[]
}

export interface ReadMetricsOptions {
  /** File name, to pick the delimiter of a `.tsv`. */
  fileName?: string
  /** Source for rows without a source cell. */
  source?: string
}

/** The line a table row starts on, counting the line breaks quoted cells hold. */
function lineNumbers(rows: readonly (readonly string[])[]): number[] {
  const lines: number[] = []
  let line = 1
  for (const row of rows) {
    lines.push(line)
    line += 1 + row.reduce((n, cell) => n + (cell.match(/\r\n|\r|\n/g)?.length ?? 0), 0)
  }
  return lines
}

export function readMetricsFile(bytes: Uint8Array, options: ReadMetricsOptions = {}): MetricsFile {
  const decoded = decodeTextFile(bytes)
  const delimiter = options.fileName?.toLowerCase().endsWith('.tsv') ? '\t' : sniffDelimiter(decoded.text)
  const rows = parseTabular(decoded.text, { delimiter })
  const lines = lineNumbers(rows)
  const out: MetricsFile = { metrics: [], encoding: decoded.encoding, delimiter, ignoredColumns: [], problems: [] }
  const mapping = mapMetricColumns(rows)
  if (!mapping.header || mapping.headerRow === null) {
    out.problems.push('no header row: the first line must name the columns (key / 指标键, 本月 / current, 上月 / previous, 目标 / target, 单位 / unit, 名称 / name, 来源 / source)')
    return out
  }
  const header = rows[mapping.headerRow]!
  const column = (field: MetricField) => mapping.columns.indexOf(field)
  const keyColumn = column('key')
  if (keyColumn < 0) {
    out.problems.push(`no key column (key / 指标键 / 编码): the push finds metric rows by key; the header is: ${header.join(' | ')}`)
    return out
  }
  const pushable = new Set<MetricField>(['key', ...NUMERIC_FIELDS, ...TEXT_FIELDS])
  mapping.columns.forEach((field, i) => {
    const name = header[i]?.trim()
    if (name && (field === null || !pushable.has(field))) out.ignoredColumns.push(name)
  })
  if (![...NUMERIC_FIELDS, ...TEXT_FIELDS].some((f) => column(f) >= 0)) {
    out.problems.push(`no value column besides the key (本月 / current, 上月 / previous, 目标 / target, 单位, 名称, 来源); the header is: ${header.join(' | ')}`)
    return out
  }

  const seen = new Map<string, number>()
  for (let r = mapping.dataStart; r < rows.length; r++) {
    const row = rows[r]!
    const line = lines[r]!
    if (row.every((cell) => cell.trim() === '')) continue
    const cell = (field: MetricField): string => {
      const i = column(field)
      return i < 0 ? '' : (row[i] ?? '').trim()
    }
    const key = cell('key')
    if (key === '') {
      out.problems.push(`line ${line}: no key`)
      continue
    }
    const first = seen.get(key)
    if (first !== undefined) {
      out.problems.push(`line ${line}: key ${key} again (first on line ${first})`)
      continue
    }
    seen.set(key, line)
    const metric: PushedMetric = { key }
    for (const field of TEXT_FIELDS) {
      const text = cell(field)
      if (text !== '') metric[field] = text
    }
    if (metric.source === undefined && options.source) metric.source = options.source
    const unit = cell('unit')
    for (const field of NUMERIC_FIELDS) {
      const text = cell(field)
      if (text === '') continue
      const parsed = parseSpreadsheetNumber(text, { unit: unit || null })
      if (!parsed.ok) {
        if (parsed.error !== 'empty') out.problems.push(`line ${line}, ${key} ${header[column(field)]!.trim()}: ${JSON.stringify(text)} is not a number (${parsed.error})`)
        continue
      }
      if (parsed.scale !== 0 && unit === '') {
        out.problems.push(`line ${line}, ${key} ${header[column(field)]!.trim()}: ${JSON.stringify(text)} has 万 / 亿 but the row has no unit cell to read it in (add a 单位 / unit column)`)
        continue
      }
      metric[field] = parsed.value
    }
    if (Object.keys(metric).length === 1) continue // a key and nothing else: nothing to push
    out.metrics.push({ metric, line })
  }
  return out
}
