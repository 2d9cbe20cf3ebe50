import { describe, expect, it } from 'vitest'
import { mapByPosition, mapMetricColumns, normalizeHeader } from './mapMetricColumns'

describe('mapMetricColumns with a header row', () => {
  it('maps the Chinese names', () => {
    const rows = [
      ['指标', '本月', '上月', '目标', '单位', '口径', '来源'],
      ['收入', '612', '575', '600', '万元', '确认收入', '财务月报'],
    ]
    expect(mapMetricColumns(rows)).toEqual({
      header: true,
      headerRow: 0,
      dataStart: 1,
      columns: ['name', 'current', 'previous', 'target', 'unit', 'definition', 'source'],
    })
  })

  it('maps synonyms: 名称 / 当月 / 目标值 / 数据来源 / 指标键 / 备注 / 方向', () => {
    const rows = [['指标键', '名称', '当月', '上期', '目标值', '数据来源', '备注', '方向']]
    expect(mapMetricColumns(rows).columns).toEqual(['key', 'name', 'current', 'previous', 'target', 'source', 'note', 'direction'])
  })

  it('maps the English names, whatever the case, spacing and width', () => {
    const rows = [['Metric', 'KEY', 'This Month', ' last  month ', 'Target', 'unit', 'Definition', 'Source', 'Ｃｕｒｒｅｎｔ']]
    expect(mapMetricColumns(rows).columns).toEqual(['name', 'key', 'current', 'previous', 'target', 'unit', 'definition', 'source', null])
    expect(mapMetricColumns([['metric_name', 'current', 'previous']]).columns).toEqual(['name', 'current', 'previous'])
  })

  it('reads a header with a unit in brackets or a colon', () => {
    expect(mapMetricColumns([['指标', '本月（万元）', '上月(万元)', '目标：']]).columns).toEqual(['name', 'current', 'previous', 'target'])
  })

  it('leaves unknown and derived columns unmapped, and maps a field named twice once (leftmost)', () => {
    const rows = [['指标', '本月', '环比', '达成率', '负责人', '当月']]
    expect(mapMetricColumns(rows)).toMatchObject({ header: true, columns: ['name', 'current', null, null, null, null] })
  })

  it('reads two month columns as this month (the later) and last month', () => {
    expect(mapMetricColumns([['指标', '9月', '10月', '目标']]).columns).toEqual(['name', 'previous', 'current', 'target'])
    expect(mapMetricColumns([['指标', '2026-11', '2026-10']]).columns).toEqual(['name', 'current', 'previous'])
    expect(mapMetricColumns([['指标', '12月', '1月']]).columns).toEqual(['name', 'previous', 'current'])
    expect(mapMetricColumns([['指标', '2025年12月', '2026年1月']]).columns).toEqual(['name', 'previous', 'current'])
  })

  it('finds the header below a title row', () => {
    const rows = [['10月运营数据'], ['指标', '本月', '上月'], ['收入', '612', '575']]
    expect(mapMetricColumns(rows)).toEqual({ header: true, headerRow: 1, dataStart: 2, columns: ['name', 'current', 'previous'] })
  })

  it('pads the columns to the widest row', () => {
    expect(mapMetricColumns([['指标', '本月'], ['收入', '612', 'extra']]).columns).toEqual(['name', 'current', null])
  })

  it('takes a one-column block headed by a field name as a header', () => {
    expect(mapMetricColumns([['目标'], ['600'], ['510']])).toMatchObject({ header: true, dataStart: 1, columns: ['target'] })
  })
})

describe('mapMetricColumns without a header row', () => {
  it('maps data rows by position from the name column', () => {
    const rows = [
      ['服务总量', '1300000', '1286000', '1250000', '次'],
      ['活跃用户', '125万', '120万', '', '人'],
    ]
    expect(mapMetricColumns(rows)).toEqual({ header: false, headerRow: null, dataStart: 0, columns: ['name', 'current', 'previous', 'target', 'unit'] })
  })

  it('maps by position from the caret column', () => {
    expect(mapMetricColumns([['612', '575'], ['496', '520']], { startField: 'current' }).columns).toEqual(['current', 'previous'])
    expect(mapMetricColumns([['600', '万元', 'higher', 'x']], { startField: 'target' }).columns).toEqual(['target', 'unit', 'direction', null])
  })

  it('does not take a data row with one field-like word as a header', () => {
    expect(mapMetricColumns([['目标', '600', '510']]).header).toBe(false)
    expect(mapMetricColumns([['收入', '612'], ['成本', '496']]).header).toBe(false)
  })

  it('does not look for a header under a data row', () => {
    expect(mapMetricColumns([['收入', '612'], ['指标', '本月']]).header).toBe(false)
  })

  it('maps an empty table to no columns', () => {
    expect(mapMetricColumns([])).toEqual({ header: false, headerRow: null, dataStart: 0, columns: [] })
  })
})

describe('mapByPosition', () => {
  it('follows the grid order and stops at its end', () => {
    expect(mapByPosition('name', 7)).toEqual(['name', 'current', 'previous', 'target', 'unit', 'direction', null])
    expect(mapByPosition('previous', 2)).toEqual(['previous', 'target'])
    expect(mapByPosition('direction', 2)).toEqual(['direction', null])
  })

  it('fills a field outside the grid in one column only', () => {
    expect(mapByPosition('note', 3)).toEqual(['note', null, null])
  })
})

describe('normalizeHeader', () => {
  it('ignores width, case, spaces and a bracketed suffix', () => {
    expect(normalizeHeader(' This  Month ')).toBe('thismonth')
    expect(normalizeHeader('本月（万元）')).toBe('本月')
    expect(normalizeHeader('ＫＥＹ')).toBe('key')
    expect(normalizeHeader('*目标:')).toBe('目标')
  })
})
