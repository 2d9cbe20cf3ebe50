/* eslint-disable no-control-regex -- the test looks for control characters on purpose */
import { describe, expect, it } from 'vitest'
import { contentDisposition, safeFileName } from './contentDisposition'

/** The UTF-8 name a client reads from `filename*` (RFC 5987). */
const utf8Name = (header: string) => decodeURIComponent(/filename\*=UTF-8''([^;\s]+)/.exec(header)![1]!)

describe('contentDisposition', () => {
  it('names the file after the report and version, UTF-8 with an ASCII fallback', () => {
    const h = contentDisposition('attachment', '2026年10月 运营服务月报 · 华东电商客服中心 v1.1', '.md', 'r1-v1.1')
    expect(h.startsWith('attachment; filename="r1-v1.1.md"; filename*=UTF-8\'\'')).toBe(true)
    expect(utf8Name(h)).toBe('2026年10月 运营服务月报 · 华东电商客服中心 v1.1.md')
    expect(h).toMatch(/^[\x20-\x7e]+$/) // a header value is ASCII
  })

  it('uses the name itself as the fallback when it is ASCII', () => {
    expect(contentDisposition('inline', 'October report v1', '.html', 'r1-v1')).toBe(
      'inline; filename="October report v1.html"; filename*=UTF-8\'\'October%20report%20v1.html',
    )
  })

  it('keeps no path separators, control characters or quotes', () => {
    const hostile = '../..\\etc/passwd\u0000"\';\r\nSet-Cookie: x\u202e\u0085*?<>|'
    const name = safeFileName(hostile)
    expect(name).not.toMatch(/[\\/"'\r\n\u0000\u0085*?<>|:]/)
    expect(name.startsWith('.')).toBe(false)
    const h = contentDisposition('attachment', hostile, '.md', 'x"/\\y')
    expect(h).not.toMatch(/[\r\n]/)
    expect(/filename="([^"]*)"/.exec(h)![1]).not.toMatch(/[\\/"]/)
    expect(utf8Name(h)).not.toMatch(/[\\/"'\r\n\u0000]/)
    expect(safeFileName('   ')).toBe('report')
    expect(Array.from(safeFileName('长'.repeat(500)))).toHaveLength(150)
  })
})
