import { describe, expect, it } from 'vitest'
import { parseTabular, sniffDelimiter } from './parseTabular'

const csv = (text: string) => parseTabular(text, { delimiter: ',' })

describe('parseTabular (clipboard TSV)', () => {
  it('reads an Excel block: tabs, CRLF, a final line break that adds no row', () => {
    const text = '指标\t本月\t上月\r\n服务总量\t1,300,000\t1,286,000\r\n活跃用户\t125万\t120万\r\n'
    expect(parseTabular(text)).toEqual([
      ['指标', '本月', '上月'],
      ['服务总量', '1,300,000', '1,286,000'],
      ['活跃用户', '125万', '120万'],
    ])
  })

  it('reads LF and CR line ends, and text without a final line break', () => {
    expect(parseTabular('a\tb\nc\td')).toEqual([['a', 'b'], ['c', 'd']])
    expect(parseTabular('a\tb\rc\td\r')).toEqual([['a', 'b'], ['c', 'd']])
  })

  it('reads a cell Excel quoted because it holds a line break, a tab or quotes', () => {
    const text = '收入\t"人工 372\r\n外包 68"\t612\r\n"a\tb"\t"say ""hi"""\t\r\n'
    expect(parseTabular(text)).toEqual([
      ['收入', '人工 372\r\n外包 68', '612'],
      ['a\tb', 'say "hi"', ''],
    ])
  })

  it('keeps empty cells, leading, inner and trailing', () => {
    expect(parseTabular('\ta\t\tb\t')).toEqual([['', 'a', '', 'b', '']])
    expect(parseTabular('a\n\nb\n')).toEqual([['a'], [''], ['b']])
  })

  it('reads one cell', () => {
    expect(parseTabular('42')).toEqual([['42']])
    expect(parseTabular('42\r\n')).toEqual([['42']])
  })

  it('is empty for empty text', () => {
    expect(parseTabular('')).toEqual([])
    expect(parseTabular('\ufeff')).toEqual([])
  })

  it('reads quotes that do not close cleanly literally (cells Excel did not quote)', () => {
    expect(parseTabular('5" screen\t3')).toEqual([['5" screen', '3']])
    expect(parseTabular('"a" b\t3')).toEqual([['"a" b', '3']])
    expect(parseTabular('"open\t3\nx\t4')).toEqual([['"open', '3'], ['x', '4']])
    expect(parseTabular('"never closed')).toEqual([['"never closed']])
  })

  it('keeps rows of different lengths', () => {
    expect(parseTabular('a\tb\tc\nd')).toEqual([['a', 'b', 'c'], ['d']])
  })

  it('refuses a delimiter it cannot use', () => {
    expect(() => parseTabular('a', { delimiter: '"' })).toThrow()
    expect(() => parseTabular('a', { delimiter: ',,' })).toThrow()
    expect(() => parseTabular('a', { delimiter: '\n' })).toThrow()
  })
})

describe('parseTabular (CSV, RFC 4180)', () => {
  it('reads the RFC 4180 examples', () => {
    expect(csv('aaa,bbb,ccc\r\nzzz,yyy,xxx\r\n')).toEqual([['aaa', 'bbb', 'ccc'], ['zzz', 'yyy', 'xxx']])
    expect(csv('aaa,bbb,ccc\r\nzzz,yyy,xxx')).toEqual([['aaa', 'bbb', 'ccc'], ['zzz', 'yyy', 'xxx']])
    expect(csv('"aaa","bbb","ccc"\r\nzzz,yyy,xxx')).toEqual([['aaa', 'bbb', 'ccc'], ['zzz', 'yyy', 'xxx']])
    expect(csv('"aaa","b\r\nbb","ccc"\r\nzzz,yyy,xxx')).toEqual([['aaa', 'b\r\nbb', 'ccc'], ['zzz', 'yyy', 'xxx']])
    expect(csv('"aaa","b""bb","ccc"')).toEqual([['aaa', 'b"bb', 'ccc']])
  })

  it('reads numbers with grouping commas when quoted, and empty quoted fields', () => {
    expect(csv('收入,"1,234,567",""\n')).toEqual([['收入', '1,234,567', '']])
    expect(csv('"",""')).toEqual([['', '']])
    expect(csv('a,')).toEqual([['a', '']])
  })

  it('drops a byte-order mark (Excel\'s "CSV UTF-8")', () => {
    expect(csv('\ufeff指标,本月\n收入,612\n')).toEqual([['指标', '本月'], ['收入', '612']])
  })

  it('reads semicolons when told (Excel in locales with a decimal comma)', () => {
    expect(parseTabular('a;"b;c";d', { delimiter: ';' })).toEqual([['a', 'b;c', 'd']])
  })

  it('reads a quoted field at the very end with a line break inside', () => {
    expect(csv('a,"x\ny"')).toEqual([['a', 'x\ny']])
    expect(csv('a,"x\ny"\n')).toEqual([['a', 'x\ny']])
  })

  it('reads a large file linearly', () => {
    const line = 'm,"1,234",5,6,"a ""b""",x\r\n'
    const rows = csv(line.repeat(20_000))
    expect(rows).toHaveLength(20_000)
    expect(rows[19_999]).toEqual(['m', '1,234', '5', '6', 'a "b"', 'x'])
  })
})

describe('sniffDelimiter', () => {
  it('picks the delimiter of the first line, outside quotes', () => {
    expect(sniffDelimiter('a,b,c\n1,2,3')).toBe(',')
    expect(sniffDelimiter('a;b;c\n1,2;3')).toBe(';')
    expect(sniffDelimiter('a\tb\tc')).toBe('\t')
    expect(sniffDelimiter('"a;b;c",d\n')).toBe(',')
    expect(sniffDelimiter('"x\ny;z;w",a,b')).toBe(',')
    expect(sniffDelimiter('single')).toBe(',')
  })
})
