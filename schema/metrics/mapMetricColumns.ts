/**
 * Which metric field each column of a pasted or imported table holds: by its
 * header when the table has one (指标 / 名称 / 本月 / 当月 / 上月 / 目标 / 单位 /
 * 口径 / 来源 and the English names, case-, width- and space-insensitive,
 * `本月（万元）` as `本月`), else by position from the grid column the caret
 * is in, in the grid's order (name, current, previous, target, unit,
 * direction).
 */
import type { MetricField } from '../blocks/metricsTable/MetricRow'

export type { MetricField }

/** The metric grid's columns, left to right (client/editor/nodeViews/MetricRowView.tsx). */
export const GRID_FIELDS = ['name', 'current', 'previous', 'target', 'unit', 'direction'] as const satisfies readonly MetricField[]

/** Fields whose cells are numbers (parseSpreadsheetNumber). */
export const NUMERIC_FIELDS = ['current', 'previous', 'target'] as const satisfies readonly MetricField[]

export interface MetricColumnMapping {
  /** The table has a header row (then `headerRow` is its index; rows above it, a title, are not data). */
  header: boolean
  headerRow: number | null
  /** The index of the first data row. */
  dataStart: number
  /** Per column of the table, the field it fills, or null (not a field: ignored). */
  columns: (MetricField | null)[]
}

/** Header words, normalized (normalizeHeader), per field. */
const HEADER_WORDS: Record<MetricField, string[]> = {
  name: ['指标', '指标名称', '指标名', '名称', '项目', 'metric', 'metricname', 'name', 'kpi', 'item'],
  key: ['指标键', '键', '指标编码', '编码', '指标代码', 'key', 'metrickey', 'id', 'code'],
  current: ['本月', '当月', '本期', '当期', '实际', '实际值', '本月实际', '当月实际', '数值', '值', 'current', 'thismonth', 'actual', 'value'],
  previous: ['上月', '上期', '上月实际', '上期实际', 'previous', 'lastmonth', 'prior', 'prev', 'priormonth', 'previousmonth'],
  target: ['目标', '目标值', '本月目标', '当月目标', '计划', 'target', 'goal', 'plan'],
  unit: ['单位', '计量单位', 'unit', 'units', 'uom'],
  direction: ['方向', '考核方向', 'direction', 'better', 'higherisbetter'],
  source: ['来源', '数据来源', '出处', 'source', 'datasource'],
  definition: ['口径', '统计口径', '指标口径', '定义', 'definition', 'howcounted'],
  note: ['备注', '说明', 'note', 'notes', 'comment', 'comments', 'remark', 'remarks'],
}

/** Headers of derived columns (computed, never stored): they make a header row but fill nothing. */
const DERIVED_WORDS = ['环比', '环比变化', '同比', '达成率', '完成率', '达成', 'mom', 'momchange', 'yoy', 'attainment', 'change', 'status', '状态']

const FIELD_BY_WORD = new Map<string, MetricField>()
for (const [field, words] of Object.entries(HEADER_WORDS) as [MetricField, string[]][]) {
  for (const word of words) FIELD_BY_WORD.set(word, field)
}

/** A header cell as compared: NFKC (full-width → plain), lower case, no spaces, `_` `-` `:` `*`, no trailing `(…)`. */
export function normalizeHeader(cell: string): string {
  return cell
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, '')
    .replace(/[(（[【][^)）\]】]*[)）\]】]$/, '')
    .replace(/[_\-:：*#.]/g, '')
}

/** A month header: `10月`, `2026年10月`, `2026-10`, `2026/10`, `2026.10`. Its year (or null) and month. */
function monthHeader(cell: string): { year: number | null; month: number } | null {
  const t = cell.normalize('NFKC').replace(/\s+/g, '')
  const m = /^(?:(\d{4})(?:年|[-/.]))?(\d{1,2})月?$/.exec(t)
  if (!m || (!m[1] && !t.endsWith('月'))) return null
  const month = Number(m[2])
  if (month < 1 || month > 12) return null
  return { year: m[1] ? Number(m[1]) : null, month }
}

/** Whether month header `a` is later than `b` (without years, across a year end when they are > 6 apart: 1月 after 12月). */
function later(a: { year: number | null; month: number }, b: { year: number | null; month: number }): boolean {
  if (a.year !== null && b.year !== null && a.year !== b.year) return a.year > b.year
  if (a.year === null || b.year === null) {
    if (Math.abs(a.month - b.month) > 6) return a.month < b.month
  }
  return a.month > b.month
}

/** The header fields of one row: per cell its field, null (unknown), or 'derived'; with how many cells were recognized. */
function readHeaderRow(row: readonly string[]): { columns: (MetricField | null)[]; recognized: number; nonEmpty: number } {
  const columns: (MetricField | null)[] = []
  let recognized = 0
  let nonEmpty = 0
  const months: { index: number; month: { year: number | null; month: number } }[] = []
  row.forEach((cell, index) => {
    const word = normalizeHeader(cell)
    if (word === '') {
      columns.push(null)
      return
    }
    nonEmpty++
    const field = FIELD_BY_WORD.get(word) ?? null
    const month = field ? null : monthHeader(cell)
    if (field || DERIVED_WORDS.includes(word) || month) recognized++
    if (month) months.push({ index, month: month })
    columns.push(field)
  })
  // Two month columns (10月 | 9月): the later is this month, the earlier last month.
  if (months.length === 2) {
    const [a, b] = months as [(typeof months)[0], (typeof months)[0]]
    const [cur, prev] = later(a.month, b.month) ? [a, b] : [b, a]
    columns[cur.index] = 'current'
    columns[prev.index] = 'previous'
  }
  // A field named twice: the leftmost column fills it.
  const seen = new Set<MetricField>()
  columns.forEach((field, i) => {
    if (field === null) return
    if (seen.has(field)) columns[i] = null
    else seen.add(field)
  })
  return { columns, recognized, nonEmpty }
}

/** Whether a row reads as a header: two cells or more recognized, or every non-empty cell of it. */
function isHeader(read: { recognized: number; nonEmpty: number; columns: (MetricField | null)[] }): boolean {
  if (!read.columns.some((f) => f !== null)) return false
  return read.recognized >= 2 || (read.recognized >= 1 && read.recognized === read.nonEmpty)
}

/**
 * Columns `startField` onward in the grid's order, for a headerless block
 * `width` columns wide pasted with the caret in `startField`'s column;
 * columns beyond the grid fill nothing. A field outside the grid (key,
 * source, definition, note) fills that one column only.
 */
export function mapByPosition(startField: MetricField, width: number): (MetricField | null)[] {
  const start = (GRID_FIELDS as readonly MetricField[]).indexOf(startField)
  return Array.from({ length: width }, (_, i) => {
    if (start < 0) return i === 0 ? startField : null
    return GRID_FIELDS[start + i] ?? null
  })
}

export interface MapMetricColumnsOptions {
  /** The grid column the caret is in, for a table without a header (default `name`: the whole row). */
  startField?: MetricField
  /** How many rows from the top may hold the header (a title row above it); default 3. */
  headerSearch?: number
}

export function mapMetricColumns(rows: readonly (readonly string[])[], options: MapMetricColumnsOptions = {}): MetricColumnMapping {
  const width = rows.reduce((w, r) => Math.max(w, r.length), 0)
  const search = Math.min(rows.length, options.headerSearch ?? 3)
  for (let r = 0; r < search; r++) {
    const read = readHeaderRow(rows[r]!)
    if (isHeader(read)) {
      const columns = Array.from({ length: width }, (_, i) => read.columns[i] ?? null)
      return { header: true, headerRow: r, dataStart: r + 1, columns }
    }
    // Only a row with a single non-empty cell (a title) may stand above the header.
    if (read.nonEmpty > 1) break
  }
  return { header: false, headerRow: null, dataStart: 0, columns: mapByPosition(options.startField ?? 'name', width) }
}
