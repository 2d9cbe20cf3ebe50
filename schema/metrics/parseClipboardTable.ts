/**
 * The table on the clipboard: Excel, WPS, Feishu Sheets and Google Sheets
 * put a `<table>` in `text/html` and its tab-separated twin in `text/plain`.
 * The twin is read (parseTabular) — it is always there and needs no DOM; the
 * HTML table is read instead when it is wider than the text (a source whose
 * plain text jams the cells together, e.g. a table copied from a web page),
 * or when there is no text. Reading HTML needs a parser, injected: in the
 * browser `(html) => new DOMParser().parseFromString(html, 'text/html')`;
 * without one (Node, the CLI) only the text is read.
 */
import { parseTabular } from './parseTabular'

/** The little of the DOM read here (a Document from DOMParser is one). */
export interface HtmlNodeLike {
  nodeType: number
  nodeName: string
  nodeValue: string | null
  childNodes: ArrayLike<HtmlNodeLike>
}
export interface HtmlElementLike extends HtmlNodeLike {
  getAttribute(name: string): string | null
  querySelectorAll(selectors: string): ArrayLike<HtmlElementLike>
}
export interface HtmlDocumentLike {
  querySelector(selectors: string): HtmlElementLike | null
}
export type ParseHtml = (html: string) => HtmlDocumentLike

export interface ClipboardPayload {
  /** `text/html`. */
  html?: string | null
  /** `text/plain`. */
  text?: string | null
}

export interface ClipboardTable {
  rows: string[][]
  /** Which payload the rows were read from. */
  from: 'text' | 'html'
}

const ELEMENT = 1
const TEXT = 3
const BLOCKS = new Set(['P', 'DIV', 'LI', 'TR'])

/** A cell's text: whitespace of the HTML source collapsed, `<br>` and paragraphs as line breaks, nbsp kept. */
function cellText(node: HtmlNodeLike): string {
  let out = ''
  const walk = (n: HtmlNodeLike) => {
    if (n.nodeType === TEXT) {
      out += (n.nodeValue ?? '').replace(/[ \t\r\n\f]+/g, ' ')
      return
    }
    if (n.nodeType !== ELEMENT) return // comments (<!--StartFragment-->)
    const name = n.nodeName.toUpperCase()
    if (name === 'BR') {
      out += '\n'
      return
    }
    if (name === 'STYLE' || name === 'SCRIPT') return
    const block = BLOCKS.has(name) && out !== '' && !out.endsWith('\n')
    if (block) out += '\n'
    for (let i = 0; i < n.childNodes.length; i++) walk(n.childNodes[i]!)
  }
  for (let i = 0; i < node.childNodes.length; i++) walk(node.childNodes[i]!)
  return out
    .split('\n')
    .map((line) => line.replace(/^ +| +$/g, ''))
    .join('\n')
    .replace(/^\n+|\n+$/g, '')
}

/** The cells of the first `<table>` in `doc` as rows, spans laid out (a merged cell's text in its top-left cell, '' in the rest). */
export function htmlTableRows(doc: HtmlDocumentLike): string[][] | null {
  const table = doc.querySelector('table')
  if (!table) return null
  const rows: string[][] = []
  const trs = table.querySelectorAll('tr')
  for (let r = 0; r < trs.length; r++) {
    const row = (rows[r] ??= [])
    const cells = trs[r]!.querySelectorAll('td, th')
    let c = 0
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i]!
      while (row[c] !== undefined) c++
      const colspan = Math.min(Math.max(Number(cell.getAttribute('colspan')) || 1, 1), 1000)
      const rowspan = Math.min(Math.max(Number(cell.getAttribute('rowspan')) || 1, 1), 1000)
      const text = cellText(cell)
      for (let dr = 0; dr < rowspan; dr++) {
        const target = (rows[r + dr] ??= [])
        for (let dc = 0; dc < colspan; dc++) target[c + dc] = dr === 0 && dc === 0 ? text : ''
      }
      c += colspan
    }
  }
  // Holes left by spans from above: empty cells.
  return rows.slice(0, trs.length).map((row) => Array.from(row, (v) => v ?? ''))
}

const width = (rows: string[][]) => rows.reduce((w, r) => Math.max(w, r.length), 0)

export function parseClipboardTable(payload: ClipboardPayload, parseHtml?: ParseHtml): ClipboardTable | null {
  const text = payload.text ?? ''
  const textRows = text === '' ? [] : parseTabular(text)
  let htmlRows: string[][] | null = null
  if (payload.html && parseHtml && /<table[\s>]/i.test(payload.html)) {
    htmlRows = htmlTableRows(parseHtml(payload.html))
  }
  if (htmlRows && htmlRows.length > 0 && (textRows.length === 0 || width(htmlRows) > width(textRows))) return { rows: htmlRows, from: 'html' }
  if (textRows.length > 0) return { rows: textRows, from: 'text' }
  return null
}
