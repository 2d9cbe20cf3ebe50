/**
 * What pasting (or importing) a table into a metrics table would do, as
 * data: per input row, the existing row it updates — matched by key, else by
 * name (trimmed, case- and width-insensitive), or by position from the caret
 * row — with old → new per field, or a new row; numbers read with
 * parseSpreadsheetNumber in the row's unit; the text as pasted kept per cell
 * (for its provenance); every cell that cannot be stored listed with why.
 * The preview shows it; applying it is one transaction of the editor (or one
 * change of the server's peer). Nothing here touches a document.
 */
import { ATTRIBUTE_LIMITS as L } from '../nodes/attributeValue'
import type { MetricColumnMapping, MetricField } from './mapMetricColumns'
import { NUMERIC_FIELDS } from './mapMetricColumns'
import { parseSpreadsheetNumber, type SpreadsheetNumberError } from './parseSpreadsheetNumber'

/** A metric row as it is now (its attributes; any may be missing). */
export type ExistingMetricRow = Partial<Record<MetricField, string | null>> & { id?: string | null }

export type MetricCellError =
  | Exclude<SpreadsheetNumberError, 'empty'>
  /** Not a direction (higher / lower, ↑ / ↓, 越高越好 / 越低越好). */
  | 'bad_direction'
  /** Longer than the field may be (ATTRIBUTE_LIMITS). */
  | 'too_long'
  /** A key that differs from the key of the row it was matched to (by name or position): keys are not renamed by a paste. */
  | 'key_mismatch'

export type MetricCellWarning =
  /** A percentage into a row whose unit is not `%`. */
  'unit_mismatch'

export interface PlannedCell {
  field: MetricField
  /** The table column the cell came from; -1 for a value the plan adds (unit `%` for percentages into a row without a unit). */
  column: number
  /** The cell's text as pasted, for the provenance ('' for a value the plan adds). */
  original: string
  /** The value now ('' read as null). */
  from: string | null
  /** The value to store: the canonical number for numeric fields; equals `from` when the cell has an error. */
  to: string | null
  changed: boolean
  error: MetricCellError | null
  warning: MetricCellWarning | null
}

export interface PlannedRow {
  /** The row's index in the table. */
  line: number
  kind: 'update' | 'new'
  /** The index in `existingRows` of the row updated (null for a new row). */
  target: number | null
  /** Its id, when the existing row has one. */
  id: string | null
  matchedBy: 'key' | 'name' | 'position' | null
  /** A later row matched the same metric as an earlier one (`line` of the first): not applied. */
  duplicateOf: number | null
  /** Every cell the row fills (empty cells skipped unless `emptyCells: 'clear'`). */
  cells: PlannedCell[]
  /** What to write: field → value, for cells that change and have no error (for a new row, every value it has). */
  set: Partial<Record<MetricField, string | null>>
}

export interface PlannedCellProblem {
  line: number
  column: number
  field: MetricField | null
  original: string
  error: MetricCellError | 'duplicate_row'
}

export interface MetricPastePlan {
  rows: PlannedRow[]
  errors: PlannedCellProblem[]
  counts: {
    /** Existing rows with at least one value changed. */
    updated: number
    created: number
    /** Existing rows matched that nothing changes in. */
    unchanged: number
    /** Values changed or set, over all rows. */
    values: number
    errors: number
  }
}

export interface PlanMetricPasteOptions {
  /** Match rows by position, the first data row onto `existingRows[startRow]` (a paste at the caret without a header); rows past the end are new. */
  startRow?: number
  /** An empty cell leaves the value (`skip`, default) or clears it (`clear`). */
  emptyCells?: 'skip' | 'clear'
}

const TEXT_LIMITS: Record<MetricField, number> = {
  key: L.key,
  name: L.line,
  unit: L.unit,
  current: L.number,
  previous: L.number,
  target: L.number,
  direction: 32,
  source: L.line,
  definition: L.paragraph,
  note: L.paragraph,
}

/** How names and keys are compared: NFKC, trimmed, inner spaces collapsed, lower case. */
export function identityText(text: string | null | undefined): string {
  return (text ?? '').normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase()
}

const HIGHER = new Set(['higher', 'high', 'up', 'higherisbetter', '越高越好', '越大越好', '高', '正向', '升'])
const LOWER = new Set(['lower', 'low', 'down', 'lowerisbetter', '越低越好', '越小越好', '低', '反向', '降'])

/** `higher` / `lower` from what a sheet may say (`↑ 越高越好`, `Lower is better`, `↓`), or null. */
export function parseDirection(text: string): 'higher' | 'lower' | null {
  const t = text.normalize('NFKC').trim()
  const up = t.includes('↑')
  const down = t.includes('↓')
  if (up !== down) return up ? 'higher' : 'lower'
  const word = t.toLowerCase().replace(/[\s↑↓]+/g, '')
  if (HIGHER.has(word)) return 'higher'
  if (LOWER.has(word)) return 'lower'
  return null
}

const NUMERIC = new Set<MetricField>(NUMERIC_FIELDS)
const stored = (v: string | null | undefined): string | null => (v == null || v === '' ? null : v)

export function planMetricPaste(
  existingRows: readonly ExistingMetricRow[],
  table: readonly (readonly string[])[],
  mapping: MetricColumnMapping,
  options: PlanMetricPasteOptions = {},
): MetricPastePlan {
  const emptyCells = options.emptyCells ?? 'skip'
  const byKey = new Map<string, number>()
  const byName = new Map<string, number>()
  existingRows.forEach((row, i) => {
    const key = identityText(row.key)
    const name = identityText(row.name)
    if (key && !byKey.has(key)) byKey.set(key, i)
    if (name && !byName.has(name)) byName.set(name, i)
  })
  const keyColumn = mapping.columns.indexOf('key')
  const nameColumn = mapping.columns.indexOf('name')
  const unitColumn = mapping.columns.indexOf('unit')

  const rows: PlannedRow[] = []
  const errors: PlannedCellProblem[] = []
  /** Which line claimed each existing row, and each new row's key / name. */
  const claimed = new Map<number, number>()
  const newIdentities = new Map<string, number>()

  for (let line = mapping.dataStart; line < table.length; line++) {
    const cells = table[line]!
    if (cells.every((c) => c.trim() === '')) continue
    const keyText = keyColumn >= 0 ? (cells[keyColumn] ?? '').trim() : ''
    const nameText = nameColumn >= 0 ? (cells[nameColumn] ?? '').trim() : ''

    let target: number | null = null
    let matchedBy: PlannedRow['matchedBy'] = null
    if (options.startRow !== undefined) {
      const at = options.startRow + (line - mapping.dataStart)
      if (at < existingRows.length) {
        target = at
        matchedBy = 'position'
      }
    } else {
      const k = byKey.get(identityText(keyText))
      const n = byName.get(identityText(nameText))
      if (keyText && k !== undefined) [target, matchedBy] = [k, 'key']
      else if (nameText && n !== undefined) [target, matchedBy] = [n, 'name']
    }

    let duplicateOf: number | null = null
    if (target !== null) {
      duplicateOf = claimed.get(target) ?? null
      if (duplicateOf === null) claimed.set(target, line)
    } else if (options.startRow === undefined) {
      const identity = keyText ? `k:${identityText(keyText)}` : nameText ? `n:${identityText(nameText)}` : ''
      if (identity) {
        duplicateOf = newIdentities.get(identity) ?? null
        if (duplicateOf === null) newIdentities.set(identity, line)
      }
    }

    const existing: ExistingMetricRow = target !== null ? existingRows[target]! : {}
    const pastedUnit = unitColumn >= 0 ? (cells[unitColumn] ?? '').trim() : ''
    const unit = pastedUnit || stored(existing.unit) || ''
    const planned: PlannedCell[] = []
    let percentSeen = false

    mapping.columns.forEach((field, column) => {
      if (field === null) return
      const original = cells[column] ?? ''
      const from = stored(existing[field])
      const cell = (to: string | null, error: MetricCellError | null = null, warning: MetricCellWarning | null = null): PlannedCell => ({
        field,
        column,
        original,
        from,
        to: error ? from : to,
        changed: !error && to !== from,
        error,
        warning,
      })
      const trimmed = original.trim()
      if (NUMERIC.has(field)) {
        const parsed = parseSpreadsheetNumber(original, { unit })
        if (!parsed.ok) {
          if (parsed.error === 'empty') {
            if (emptyCells === 'clear') planned.push(cell(null))
            return
          }
          planned.push(cell(null, parsed.error))
          return
        }
        percentSeen ||= parsed.percent
        planned.push(cell(parsed.value, null, parsed.percent && unit !== '' && unit !== '%' ? 'unit_mismatch' : null))
        return
      }
      if (trimmed === '') {
        if (emptyCells === 'clear' && field !== 'key' && field !== 'name') planned.push(cell(null))
        return
      }
      if (trimmed.length > TEXT_LIMITS[field]) {
        planned.push(cell(null, 'too_long'))
        return
      }
      if (field === 'direction') {
        const direction = parseDirection(trimmed)
        planned.push(direction ? cell(direction) : cell(null, 'bad_direction'))
        return
      }
      if (field === 'key') {
        if (from !== null && identityText(from) !== identityText(trimmed)) planned.push(cell(null, 'key_mismatch'))
        else planned.push(cell(from ?? trimmed))
        return
      }
      if (field === 'name' && matchedBy === 'name') {
        planned.push(cell(from)) // the same name (compared loosely): left as written
        return
      }
      planned.push(cell(trimmed))
    })

    if (percentSeen && unit === '') {
      planned.push({ field: 'unit', column: -1, original: '', from: stored(existing.unit), to: '%', changed: true, error: null, warning: null })
    }

    const set: PlannedRow['set'] = {}
    if (duplicateOf === null) {
      for (const c of planned) if (!c.error && (c.changed || target === null) && c.to !== null) set[c.field] = c.to
      for (const c of planned) if (!c.error && c.changed && c.to === null && target !== null) set[c.field] = null
    }
    for (const c of planned) if (c.error) errors.push({ line, column: c.column, field: c.field, original: c.original, error: c.error })
    if (duplicateOf !== null) errors.push({ line, column: -1, field: null, original: keyText || nameText, error: 'duplicate_row' })

    rows.push({
      line,
      kind: target === null ? 'new' : 'update',
      target,
      id: target !== null ? (existing.id ?? null) : null,
      matchedBy,
      duplicateOf,
      cells: planned,
      set,
    })
  }

  const applied = rows.filter((r) => r.duplicateOf === null)
  return {
    rows,
    errors,
    counts: {
      updated: applied.filter((r) => r.kind === 'update' && Object.keys(r.set).length > 0).length,
      created: applied.filter((r) => r.kind === 'new').length,
      unchanged: applied.filter((r) => r.kind === 'update' && Object.keys(r.set).length === 0).length,
      values: applied.reduce((n, r) => n + Object.keys(r.set).length, 0),
      errors: errors.length,
    },
  }
}
