import { describe, expect, it } from 'vitest'
import { parseNumber } from '../kpi/parseNumber'
import { parseSpreadsheetNumber, unitScale } from './parseSpreadsheetNumber'

const value = (text: string, unit?: string | null) => {
  const r = parseSpreadsheetNumber(text, { unit })
  return r.ok ? r.value : `error:${r.error}`
}

describe('parseSpreadsheetNumber', () => {
  it.each([
    ['1234', '1234'],
    ['1,234,567', '1234567'],
    ['1,234.50', '1234.50'],
    ['1 234', '1234'],
    ['1\u00a0234\u00a0567', '1234567'],
    ['1\u202f234', '1234'],
    ["1'234'567", '1234567'],
    ['1,234.', '1234'],
    ['  42  ', '42'],
    ['\u00a042\u00a0', '42'],
    ['\t7\n', '7'],
    ['007', '7'],
    ['0.50', '0.50'],
    ['.5', '0.5'],
    ['1.', '1'],
    ['+5', '5'],
    ['-0', '0'],
  ])('grouping, spaces, forms: %j → %s', (text, expected) => {
    expect(value(text)).toBe(expected)
  })

  it.each([
    ['１２３，４５６．７', '123456.7'],
    ['９２．１％', '92.1'],
    ['－１２', '-12'],
    ['（１，２３４）', '-1234'],
    ['\u3000８\u3000', '8'],
    ['￥１，０００', '1000'],
  ])('full-width: %j → %s', (text, expected) => {
    expect(value(text)).toBe(expected)
  })

  it.each([
    ['(1,234)', '-1234'],
    ['( 1,234.5 )', '-1234.5'],
    ['-1,234', '-1234'],
    ['−1,234', '-1234'],
    ['–12', '-12'],
    ['1234-', '-1234'],
    ['-$1,234', '-1234'],
    ['$-1,234', '-1234'],
    ['(¥1,234)', '-1234'],
    ['-12%', '-12'],
  ])('negatives: %j → %s', (text, expected) => {
    expect(value(text)).toBe(expected)
  })

  it.each([
    ['¥1,234', '1234'],
    ['￥1,234', '1234'],
    ['$ 1,234.56', '1234.56'],
    ['US$1,234', '1234'],
    ['€12', '12'],
    ['£12', '12'],
    ['1234元', '1234'],
  ])('currency: %j → %s', (text, expected) => {
    expect(value(text)).toBe(expected)
  })

  it('keeps percentages in percent points, flagged', () => {
    expect(parseSpreadsheetNumber('92.1%')).toEqual({ ok: true, value: '92.1', original: '92.1%', percent: true, scale: 0 })
    expect(value('85.2 %')).toBe('85.2')
    expect(value('1,200%')).toBe('1200')
    expect(parseSpreadsheetNumber('85.2').ok && (parseSpreadsheetNumber('85.2') as { percent: boolean }).percent).toBe(false)
  })

  it('scales 万 and 亿 exactly, without floating point', () => {
    expect(value('1.2万')).toBe('12000')
    expect(value('1.1万')).toBe('11000')
    expect(value('41.2 万')).toBe('412000')
    expect(value('3亿')).toBe('300000000')
    expect(value('1.23456789亿')).toBe('123456789')
    expect(value('0.00012万')).toBe('1.2')
    expect(value('1,234.5万')).toBe('12345000')
    expect(value('612万元')).toBe('6120000')
    expect(value('¥612万')).toBe('6120000')
    expect(value('-1.5万')).toBe('-15000')
    expect(value('(2万)')).toBe('-20000')
    expect(value('１．２萬')).toBe('12000')
    expect(parseSpreadsheetNumber('1.2万')).toMatchObject({ scale: 4, percent: false })
  })

  it('reads 万 / 亿 in the unit of the row', () => {
    expect(value('612万', '万元')).toBe('612')
    expect(value('612万元', '万元')).toBe('612')
    expect(value('1.2亿', '万元')).toBe('12000')
    expect(value('12000万', '亿元')).toBe('1.2')
    expect(value('612', '万元')).toBe('612')
    expect(value('6,120,000', '万元')).toBe('6120000')
    expect(value('1.2万', '次')).toBe('12000')
    expect(parseSpreadsheetNumber('1.2亿', { unit: '万元' })).toMatchObject({ scale: 4 })
    expect(parseSpreadsheetNumber('612万', { unit: '万元' })).toMatchObject({ scale: 0 })
  })

  it('expands exponents as Excel writes wide numbers', () => {
    expect(value('1.2E+06')).toBe('1200000')
    expect(value('1.5e-3')).toBe('0.0015')
    expect(value('1E3')).toBe('1000')
  })

  it('keeps the pasted text as it was', () => {
    expect(parseSpreadsheetNumber(' (１,234) ')).toEqual({ ok: true, value: '-1234', original: ' (１,234) ', percent: false, scale: 0 })
  })

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['\u00a0', 'empty'],
    ['-', 'empty'],
    ['—', 'empty'],
    ['--', 'empty'],
    ['abc', 'not_a_number'],
    ['1.2.3', 'not_a_number'],
    ['12abc', 'not_a_number'],
    ['N/A', 'not_a_number'],
    ['1,2', 'bad_grouping'],
    ['1,23', 'bad_grouping'],
    ['1,2345', 'bad_grouping'],
    ['12,34,567', 'bad_grouping'],
    ['1.234,56', 'bad_grouping'],
    ['1,234 567', 'bad_grouping'],
    ['#DIV/0!', 'spreadsheet_error'],
    ['#N/A', 'spreadsheet_error'],
    ['#REF!', 'spreadsheet_error'],
    ['--5', 'not_a_number'],
    ['+-5', 'not_a_number'],
    ['(-5)', 'not_a_number'],
    ['5万%', 'not_a_number'],
    ['%', 'not_a_number'],
    ['万', 'not_a_number'],
    ['$', 'not_a_number'],
    ['()', 'not_a_number'],
    ['0x10', 'not_a_number'],
    ['Infinity', 'not_a_number'],
    ['1e999', 'out_of_range'],
    ['1e70', 'out_of_range'],
  ])('rejects %j (%s)', (text, error) => {
    expect(parseSpreadsheetNumber(text)).toEqual({ ok: false, error, original: text })
  })

  it('gives text the KPI formulas read as the same number', () => {
    for (const text of ['1,234,567', '１２３，４５６．７', '(1,234)', '1.2万', '92.1%', '-$1,234.50', '1.2E+06', '0.00012万']) {
      const r = parseSpreadsheetNumber(text)
      expect(r.ok).toBe(true)
      if (!r.ok) continue
      expect(r.value).toMatch(/^-?\d+(\.\d+)?$/)
      const n = parseNumber(r.value)
      expect(n.ok).toBe(true)
    }
  })
})

describe('unitScale', () => {
  it('is the power of ten a unit starts with', () => {
    expect(unitScale('万元')).toBe(4)
    expect(unitScale('亿次')).toBe(8)
    expect(unitScale(' 萬 ')).toBe(4)
    expect(unitScale('元')).toBe(0)
    expect(unitScale('%')).toBe(0)
    expect(unitScale(null)).toBe(0)
    expect(unitScale(undefined)).toBe(0)
  })
})
