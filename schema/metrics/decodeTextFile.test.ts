import { describe, expect, it } from 'vitest'
import { decodeTextFile } from './decodeTextFile'

const utf8 = (s: string) => new TextEncoder().encode(s)
const utf16le = (s: string) => {
  const out = new Uint8Array(2 + s.length * 2)
  out.set([0xff, 0xfe])
  for (let i = 0; i < s.length; i++) {
    out[2 + i * 2] = s.charCodeAt(i) & 0xff
    out[3 + i * 2] = s.charCodeAt(i) >> 8
  }
  return out
}

describe('decodeTextFile', () => {
  it('reads UTF-8 with and without a byte-order mark', () => {
    expect(decodeTextFile(utf8('指标,本月\n收入,612\n'))).toEqual({ text: '指标,本月\n收入,612\n', encoding: 'utf-8' })
    expect(decodeTextFile(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('指标')]))).toEqual({ text: '指标', encoding: 'utf-8' })
  })

  it('reads UTF-16 LE by its byte-order mark (Excel "Unicode text")', () => {
    expect(decodeTextFile(utf16le('指标\t本月'))).toEqual({ text: '指标\t本月', encoding: 'utf-16le' })
  })

  it('reads GBK / GB18030 (Excel and WPS "CSV" on a Chinese Windows) when the bytes are not UTF-8', () => {
    // "指标,本月" in GBK.
    const gbk = new Uint8Array([0xd6, 0xb8, 0xb1, 0xea, 0x2c, 0xb1, 0xbe, 0xd4, 0xc2])
    expect(decodeTextFile(gbk)).toEqual({ text: '指标,本月', encoding: 'gb18030' })
  })

  it('reads plain ASCII as UTF-8', () => {
    expect(decodeTextFile(utf8('metric,current\nrevenue,612'))).toEqual({ text: 'metric,current\nrevenue,612', encoding: 'utf-8' })
  })
})
