import { describe, expect, it } from 'vitest'
import { htmlTableRows, parseClipboardTable, type HtmlElementLike, type HtmlNodeLike, type ParseHtml } from './parseClipboardTable'

// The browser passes DOMParser: this must type-check against the real DOM.
const _browserParseHtml: ParseHtml = (html) => new DOMParser().parseFromString(html, 'text/html')

/** A small stand-in for the DOM (no DOM library in node_modules): elements, text and comments; tag selectors only. */
type Child = FakeElement | string | { comment: string }
class FakeElement implements HtmlElementLike {
  nodeType = 1
  nodeValue = null
  childNodes: HtmlNodeLike[]
  constructor(
    public nodeName: string,
    private attrs: Record<string, string>,
    children: Child[],
  ) {
    this.childNodes = children.map((c) =>
      typeof c === 'string'
        ? { nodeType: 3, nodeName: '#text', nodeValue: c, childNodes: [] }
        : c instanceof FakeElement
          ? c
          : { nodeType: 8, nodeName: '#comment', nodeValue: c.comment, childNodes: [] },
    )
  }
  getAttribute(name: string) {
    return this.attrs[name] ?? null
  }
  querySelectorAll(selectors: string): FakeElement[] {
    const tags = selectors.split(',').map((s) => s.trim().toUpperCase())
    const out: FakeElement[] = []
    const walk = (n: HtmlNodeLike) => {
      for (const c of Array.from(n.childNodes)) {
        if (c instanceof FakeElement) {
          if (tags.includes(c.nodeName)) out.push(c)
          walk(c)
        }
      }
    }
    walk(this)
    return out
  }
  querySelector(selectors: string) {
    return this.querySelectorAll(selectors)[0] ?? null
  }
}
const h = (tag: string, attrs: Record<string, string> = {}, ...children: Child[]) => new FakeElement(tag.toUpperCase(), attrs, children)
const doc = (...children: Child[]) => h('html', {}, h('body', {}, ...children))

/** What Excel writes (abridged): mso- styles, a fragment comment, source line wrapping inside cells, x:num. */
const excelDoc = () =>
  doc(
    { comment: 'StartFragment' },
    h(
      'table',
      { border: '0', style: 'border-collapse:collapse;width:216pt' },
      h('col', { style: 'mso-width-source:userset' }),
      h(
        'tr',
        { height: '18', style: 'height:13.8pt' },
        h('td', { class: 'xl65', style: "mso-number-format:'\\@'" }, '指标'),
        h('td', { class: 'xl65' }, '本月'),
        h('td', { class: 'xl65' }, '上月'),
      ),
      h('tr', {}, h('td', {}, '服务\r\n  总量'), h('td', { 'x:num': '1300000', align: 'right' }, '1,300,000'), h('td', { 'x:num': '1286000' }, '1,286,000')),
      h('tr', {}, h('td', {}, '备注', h('br', { style: "mso-data-placement:same-cell" }), '第二行'), h('td', {}, '\u00a0'), h('td', {}, h('font', {}, '12'))),
    ),
    { comment: 'EndFragment' },
  )

describe('htmlTableRows', () => {
  it('reads an Excel table: whitespace of the source collapsed, <br> as a line break, comments skipped', () => {
    expect(htmlTableRows(excelDoc())).toEqual([
      ['指标', '本月', '上月'],
      ['服务 总量', '1,300,000', '1,286,000'],
      ['备注\n第二行', '\u00a0', '12'],
    ])
  })

  it('lays out merged cells (colspan, rowspan) with the text in the top-left cell', () => {
    const d = doc(
      h(
        'table',
        {},
        h('tr', {}, h('th', { colspan: '2' }, 'A'), h('th', {}, 'B')),
        h('tr', {}, h('td', { rowspan: '2' }, 'x'), h('td', {}, '1'), h('td', {}, '2')),
        h('tr', {}, h('td', {}, '3'), h('td', {}, '4')),
      ),
    )
    expect(htmlTableRows(d)).toEqual([
      ['A', '', 'B'],
      ['x', '1', '2'],
      ['', '3', '4'],
    ])
  })

  it('reads paragraphs inside a cell as lines (Feishu, Google Sheets)', () => {
    const d = doc(h('table', {}, h('tbody', {}, h('tr', {}, h('td', {}, h('div', {}, 'a'), h('div', {}, 'b'))))))
    expect(htmlTableRows(d)).toEqual([['a\nb']])
  })

  it('is null without a table', () => {
    expect(htmlTableRows(doc(h('p', {}, 'x')))).toBeNull()
  })
})

describe('parseClipboardTable', () => {
  const excelText = '指标\t本月\t上月\r\n服务总量\t1,300,000\t1,286,000\r\n'

  it('reads the text twin, with or without a parser', () => {
    expect(parseClipboardTable({ text: excelText, html: '<table><tr><td>ignored</td></tr></table>' })).toEqual({
      rows: [
        ['指标', '本月', '上月'],
        ['服务总量', '1,300,000', '1,286,000'],
      ],
      from: 'text',
    })
    const parse: ParseHtml = () => excelDoc()
    expect(parseClipboardTable({ text: excelText, html: '<table></table>' }, parse)?.from).toBe('text')
  })

  it('reads the HTML table when the text jams the cells together, or there is no text', () => {
    const parse: ParseHtml = () => excelDoc()
    expect(parseClipboardTable({ text: '指标本月上月服务总量1,300,0001,286,000', html: '<table>…</table>' }, parse)).toMatchObject({ from: 'html' })
    expect(parseClipboardTable({ html: '<table>…</table>' }, parse)?.rows[1]).toEqual(['服务 总量', '1,300,000', '1,286,000'])
  })

  it('does not call the parser for HTML without a table', () => {
    let called = false
    const parse: ParseHtml = () => {
      called = true
      return excelDoc()
    }
    expect(parseClipboardTable({ text: 'a\tb', html: '<p>a b</p>' }, parse)).toEqual({ rows: [['a', 'b']], from: 'text' })
    expect(called).toBe(false)
  })

  it('is null for an empty clipboard', () => {
    expect(parseClipboardTable({})).toBeNull()
    expect(parseClipboardTable({ text: '', html: null })).toBeNull()
    expect(parseClipboardTable({ html: '<table></table>' })).toBeNull()
  })
})
