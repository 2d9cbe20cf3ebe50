import { describe, expect, it } from 'vitest'
import { mapMetricColumns } from './mapMetricColumns'
import { parseTabular } from './parseTabular'
import { parseDirection, planMetricPaste, type ExistingMetricRow } from './planMetricPaste'

const existing: ExistingMetricRow[] = [
  { id: 'b-total', key: 'service_total', name: '服务总量', unit: '次', current: '1286000', previous: '1250000', target: '1300000' },
  { id: 'b-rev', key: 'revenue', name: '收入', unit: '万元', current: '612', previous: '575', target: '600' },
  { id: 'b-fcr', key: 'fcr', name: '一次解决率', unit: '%', current: '92', previous: '90', target: '95' },
  { id: 'b-cost', key: 'cost', name: '成本', unit: '万元', current: null, previous: '520', target: '510' },
]

describe('planMetricPaste', () => {
  it('plans an Excel block with a header: updates matched by name, old → new, and a new row', () => {
    // 3 data rows × 5 columns under a header, as Excel puts it on the clipboard (text/plain).
    const text =
      '指标\t本月\t上月\t目标\t单位\r\n' +
      '服务总量\t1,300,000\t1,286,000\t1,300,000\t次\r\n' +
      '收入\t598\t612\t600\t万元\r\n' +
      '活跃用户\t125万\t120万\t\t人\r\n'
    const table = parseTabular(text)
    const mapping = mapMetricColumns(table)
    expect(mapping.columns).toEqual(['name', 'current', 'previous', 'target', 'unit'])
    const plan = planMetricPaste(existing, table, mapping)

    expect(plan.errors).toEqual([])
    expect(plan.counts).toEqual({ updated: 2, created: 1, unchanged: 0, values: 2 + 2 + 4, errors: 0 })
    const [total, revenue, active] = plan.rows
    expect(total).toMatchObject({ line: 1, kind: 'update', target: 0, id: 'b-total', matchedBy: 'name', duplicateOf: null })
    expect(total!.set).toEqual({ current: '1300000', previous: '1286000' })
    expect(total!.cells.find((c) => c.field === 'current')).toEqual({
      field: 'current',
      column: 1,
      original: '1,300,000',
      from: '1286000',
      to: '1300000',
      changed: true,
      error: null,
      warning: null,
    })
    expect(total!.cells.find((c) => c.field === 'target')).toMatchObject({ from: '1300000', to: '1300000', changed: false })
    expect(revenue).toMatchObject({ kind: 'update', target: 1, set: { current: '598', previous: '612' } })
    expect(revenue!.cells.find((c) => c.field === 'current')).toMatchObject({ from: '612', to: '598', original: '598' })
    expect(active).toMatchObject({ line: 3, kind: 'new', target: null, id: null, matchedBy: null })
    expect(active!.set).toEqual({ name: '活跃用户', current: '1250000', previous: '1200000', unit: '人' })
  })

  it('plans a headerless paste from the caret column, by position from the caret row', () => {
    const table = parseTabular('600\t575\r\n610\t580\r\n50\t40\r\n')
    const mapping = mapMetricColumns(table, { startField: 'current' })
    expect(mapping.columns).toEqual(['current', 'previous'])
    const plan = planMetricPaste(existing, table, mapping, { startRow: 1 })
    expect(plan.rows.map((r) => [r.kind, r.target, r.matchedBy])).toEqual([
      ['update', 1, 'position'],
      ['update', 2, 'position'],
      ['update', 3, 'position'],
    ])
    expect(plan.rows[0]!.set).toEqual({ current: '600' })
    expect(plan.rows[1]!.set).toEqual({ current: '610', previous: '580' })
    expect(plan.rows[2]!.set).toEqual({ current: '50', previous: '40' })
    expect(plan.counts).toEqual({ updated: 3, created: 0, unchanged: 0, values: 5, errors: 0 })
  })

  it('makes rows past the last one new in a positional paste', () => {
    const table = [['新指标', '1'], ['另一个', '2']]
    const plan = planMetricPaste(existing, table, mapMetricColumns(table), { startRow: 3 })
    expect(plan.rows.map((r) => [r.kind, r.target])).toEqual([
      ['update', 3],
      ['new', null],
    ])
    expect(plan.rows[0]!.set).toEqual({ name: '新指标', current: '1' })
    expect(plan.rows[1]!.set).toEqual({ name: '另一个', current: '2' })
  })

  it('reads 万 in the row\'s unit and % in percent points, marking a % into another unit', () => {
    const table = [
      ['指标', '本月', '上月'],
      ['收入', '598万', '6,120,000'],
      ['一次解决率', '92.5%', '０.９'],
      ['服务总量', '130万', '88%'],
      ['满意度', '85.2%', ''],
    ]
    const plan = planMetricPaste(existing, table, mapMetricColumns(table))
    const [revenue, fcr, total, csat] = plan.rows
    expect(revenue!.set).toEqual({ current: '598', previous: '6120000' })
    expect(revenue!.cells[1]).toMatchObject({ original: '598万', to: '598' })
    expect(fcr!.set).toEqual({ current: '92.5', previous: '0.9' })
    expect(total!.set).toEqual({ current: '1300000', previous: '88' })
    expect(total!.cells.find((c) => c.field === 'previous')!.warning).toBe('unit_mismatch')
    expect(total!.cells.find((c) => c.field === 'current')!.warning).toBeNull()
    // A new row with a percentage and no unit gets unit %.
    expect(csat).toMatchObject({ kind: 'new', set: { name: '满意度', current: '85.2', unit: '%' } })
    expect(csat!.cells.at(-1)).toEqual({ field: 'unit', column: -1, original: '', from: null, to: '%', changed: true, error: null, warning: null })
  })

  it('lists a number it cannot read as an error of that cell, applying the rest of the row', () => {
    const table = [
      ['指标', '本月', '上月', '目标'],
      ['收入', '约600', '1,23', '#DIV/0!'],
      ['成本', '480', '-', '500'],
    ]
    const plan = planMetricPaste(existing, table, mapMetricColumns(table))
    expect(plan.errors).toEqual([
      { line: 1, column: 1, field: 'current', original: '约600', error: 'not_a_number' },
      { line: 1, column: 2, field: 'previous', original: '1,23', error: 'bad_grouping' },
      { line: 1, column: 3, field: 'target', original: '#DIV/0!', error: 'spreadsheet_error' },
    ])
    const [revenue, cost] = plan.rows
    expect(revenue!.set).toEqual({})
    expect(revenue!.cells[1]).toEqual({ field: 'current', column: 1, original: '约600', from: '612', to: '612', changed: false, error: 'not_a_number', warning: null })
    // A dash is a spreadsheet's "no value": skipped, not an error.
    expect(cost!.set).toEqual({ current: '480', target: '500' })
    expect(plan.counts).toEqual({ updated: 1, created: 0, unchanged: 1, values: 2, errors: 3 })
  })

  it('matches by key before name, case- and space-insensitively, and renames by key', () => {
    const table = [
      ['key', 'metric', 'current'],
      [' REVENUE ', 'Revenue (total)', '598'],
      ['', '  成本 ', '480'],
      ['fcr', '一次解决率', '92'],
    ]
    const plan = planMetricPaste(existing, table, mapMetricColumns(table))
    expect(plan.rows.map((r) => [r.target, r.matchedBy])).toEqual([
      [1, 'key'],
      [3, 'name'],
      [2, 'key'],
    ])
    expect(plan.rows[0]!.set).toEqual({ name: 'Revenue (total)', current: '598' })
    expect(plan.rows[1]!.set).toEqual({ current: '480' })
    expect(plan.rows[2]!.set).toEqual({})
    expect(plan.counts).toMatchObject({ updated: 2, unchanged: 1 })
  })

  it('does not rename a key of a row matched by name', () => {
    const table = [
      ['key', 'name', 'current'],
      ['rev2', '收入', '598'],
    ]
    const plan = planMetricPaste(existing, table, mapMetricColumns(table))
    expect(plan.rows[0]).toMatchObject({ target: 1, matchedBy: 'name', set: { current: '598' } })
    expect(plan.errors).toEqual([{ line: 1, column: 0, field: 'key', original: 'rev2', error: 'key_mismatch' }])
  })

  it('applies only the first of two rows for the same metric', () => {
    const table = [
      ['指标', '本月'],
      ['收入', '598'],
      ['收入', '599'],
      ['新', '1'],
      ['新', '2'],
    ]
    const plan = planMetricPaste(existing, table, mapMetricColumns(table))
    expect(plan.rows.map((r) => r.duplicateOf)).toEqual([null, 1, null, 3])
    expect(plan.rows[1]!.set).toEqual({})
    expect(plan.rows[3]!.set).toEqual({})
    expect(plan.errors).toEqual([
      { line: 2, column: -1, field: null, original: '收入', error: 'duplicate_row' },
      { line: 4, column: -1, field: null, original: '新', error: 'duplicate_row' },
    ])
    expect(plan.counts).toMatchObject({ updated: 1, created: 1 })
  })

  it('skips empty cells and empty rows, or clears with emptyCells: clear', () => {
    const table = [
      ['指标', '本月', '上月', '目标', '备注'],
      ['', '', '', '', ''],
      ['成本', '', '500', '', ''],
    ]
    const mapping = mapMetricColumns(table)
    const skip = planMetricPaste(existing, table, mapping)
    expect(skip.rows).toHaveLength(1)
    expect(skip.rows[0]!.set).toEqual({ previous: '500' })
    const clear = planMetricPaste(existing, table, mapping, { emptyCells: 'clear' })
    expect(clear.rows[0]!.set).toEqual({ previous: '500', target: null })
    expect(clear.rows[0]!.cells.find((c) => c.field === 'current')).toMatchObject({ from: null, to: null, changed: false })
  })

  it('reads directions and text fields, with their limits', () => {
    const table = [
      ['指标', '方向', '口径', '来源'],
      ['收入', '↑ 越高越好', '  当月确认的服务收入  ', 'x'.repeat(501)],
      ['成本', 'sideways', '', 'ERP'],
    ]
    const plan = planMetricPaste(existing, table, mapMetricColumns(table))
    expect(plan.rows[0]!.set).toEqual({ direction: 'higher', definition: '当月确认的服务收入' })
    expect(plan.rows[1]!.set).toEqual({ source: 'ERP' })
    expect(plan.errors.map((e) => [e.line, e.field, e.error])).toEqual([
      [1, 'source', 'too_long'],
      [2, 'direction', 'bad_direction'],
    ])
  })

  it('takes rows below the header only, and makes unmatched rows new without a name column', () => {
    const table = [['10月运营数据'], ['key', 'current'], ['nps', '41']]
    const plan = planMetricPaste(existing, table, mapMetricColumns(table))
    expect(plan.rows).toEqual([
      expect.objectContaining({ line: 2, kind: 'new', set: { key: 'nps', current: '41' } }),
    ])
  })

  it('plans 200 rows × 6 columns quickly', () => {
    const rows: ExistingMetricRow[] = Array.from({ length: 200 }, (_, i) => ({ key: `k${i}`, name: `指标${i}`, unit: '万元', current: '1' }))
    const table = [['key', '名称', '本月', '上月', '目标', '单位'], ...rows.map((_, i) => [`k${i}`, `指标${i}`, `${i},000`, '1.5万', '(2)', '万元'])]
    const started = performance.now()
    const plan = planMetricPaste(rows, table, mapMetricColumns(table))
    expect(performance.now() - started).toBeLessThan(200)
    expect(plan.counts).toMatchObject({ updated: 200, created: 0, errors: 0 })
    expect(plan.rows[199]!.set).toEqual({ current: '199000', previous: '1.5', target: '-2' })
  })
})

describe('parseDirection', () => {
  it.each([
    ['higher', 'higher'],
    ['↑', 'higher'],
    ['↑ 越高越好', 'higher'],
    ['Higher is better', 'higher'],
    ['越低越好', 'lower'],
    ['↓ Lower is better', 'lower'],
    ['LOW', 'lower'],
    ['sideways', null],
    ['↑↓', null],
  ])('%j → %s', (text, expected) => {
    expect(parseDirection(text)).toBe(expected)
  })
})
