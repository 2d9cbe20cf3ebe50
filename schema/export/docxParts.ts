/**
 * The pieces the Word export is built from, shared by renderReportDocx and
 * the blocks' DOCX renderers: text that is always valid XML, the fonts and
 * colours, small grey field lines, and bordered tables sized to the A4 text
 * width. Nothing here knows a block's name.
 */
import {
  AlignmentType,
  BorderStyle,
  type FileChild,
  LineRuleType,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
  type IParagraphOptions,
  type IRunOptions,
  type ParagraphChild,
} from 'docx'

/** The forbidden code units of XML 1.0: C0 controls other than tab, LF and CR, U+FFFE, U+FFFF, and unpaired surrogates. */
function forbidden(text: string, i: number): boolean {
  const c = text.charCodeAt(i)
  if (c < 0x20) return c !== 0x09 && c !== 0x0a && c !== 0x0d
  if (c === 0xfffe || c === 0xffff) return true
  if (c >= 0xd800 && c <= 0xdbff) {
    const next = text.charCodeAt(i + 1)
    return !(next >= 0xdc00 && next <= 0xdfff)
  }
  if (c >= 0xdc00 && c <= 0xdfff) {
    const prev = text.charCodeAt(i - 1)
    return !(prev >= 0xd800 && prev <= 0xdbff)
  }
  return false
}

/**
 * Text as it may enter the document's XML: characters XML 1.0 forbids are
 * dropped (a Word file with one does not open). Markup stays text: the
 * `docx` library escapes `<`, `>` and `&`.
 */
export function xmlText(text: string): string {
  let out = ''
  let from = 0
  for (let i = 0; i < text.length; i++) {
    if (!forbidden(text, i)) continue
    out += text.slice(from, i)
    from = i + 1
  }
  return from === 0 ? text : out + text.slice(from)
}

/** Fonts: Song (宋体, SimSun) for body text, YaHei (微软雅黑) for headings, each with a Latin font beside it. */
export const FONTS = {
  body: { ascii: 'Times New Roman', hAnsi: 'Times New Roman', cs: 'Times New Roman', eastAsia: '宋体' },
  heading: { ascii: 'Arial', hAnsi: 'Arial', cs: 'Arial', eastAsia: '微软雅黑' },
  mono: { ascii: 'Consolas', hAnsi: 'Consolas', cs: 'Consolas', eastAsia: '宋体' },
} as const

/** Colours (hex RGB, as Word writes them). */
export const COLORS = {
  fg: '1F2328',
  muted: '656D76',
  line: 'BFC5CC',
  headerFill: 'EEF1F4',
  codeFill: 'F6F8FA',
  good: '1A7F37',
  bad: 'CF222E',
  accent: '0B5FFF',
  warn: '7D4E00',
  warnFill: 'FFF8C5',
  severity: { critical: '82071E', high: 'CF222E', medium: 'D4A72C', low: '54AEFF' } as Readonly<Record<string, string>>,
  sentiment: { positive: '1A7F37', neutral: '656D76', negative: 'CF222E' } as Readonly<Record<string, string>>,
} as const

/** Sizes in half-points: 五号 10.5 pt body, 小五 9 pt tables and notes. */
export const SIZES = { body: 21, small: 18, label: 18 } as const

/** A4 (210 × 297 mm) in twips, 20 mm margins: the width tables are laid out in. */
export const PAGE = { width: 11906, height: 16838, margin: 1134 } as const
export const TEXT_WIDTH = PAGE.width - 2 * PAGE.margin

export type RunStyle = Omit<IRunOptions, 'text' | 'children' | 'break'>

/** Runs of a text; line breaks in it become breaks in Word. */
export function textRuns(text: string, style: RunStyle = {}): TextRun[] {
  return xmlText(text)
    .split(/\r\n|\r|\n/)
    .map((line, i) => new TextRun({ ...style, text: line, ...(i > 0 ? { break: 1 } : {}) }))
}

/** A paragraph of plain text. */
export const textParagraph = (text: string, run: RunStyle = {}, paragraph: Omit<IParagraphOptions, 'children' | 'text'> = {}): Paragraph =>
  new Paragraph({ ...paragraph, children: textRuns(text, run) })

/** The small grey label a block starts with ("目标", "关键指标（服务器计算）"). */
export const labelRun = (text: string): TextRun[] => textRuns(text, { bold: true, color: COLORS.muted, size: SIZES.label, font: FONTS.heading })

/** "负责人：王磊\u3000截止日期：2026-11-15" in small grey type, values in the text colour. */
export function fieldsParagraph(colon: string, fields: readonly (readonly [string, string])[], paragraph: Omit<IParagraphOptions, 'children'> = {}): Paragraph {
  const children: ParagraphChild[] = []
  fields.forEach(([label, value], i) => {
    if (i > 0) children.push(new TextRun({ text: '\u3000', size: SIZES.small }))
    children.push(...textRuns(`${label}${colon}`, { color: COLORS.muted, size: SIZES.small }))
    children.push(...textRuns(value, { size: SIZES.small }))
  })
  return new Paragraph({ spacing: { before: 20, after: 60 }, ...paragraph, children })
}

/** One cell of a table: text (lines below it in small grey), or runs of its own. */
export interface CellSpec {
  text?: string
  runs?: ParagraphChild[]
  /** Small grey lines under the text (a reason, a direction). */
  sub?: readonly string[]
  numeric?: boolean
  color?: string
  bold?: boolean
}

const border = { style: BorderStyle.SINGLE, size: 4, color: COLORS.line } as const

function tableCell(spec: CellSpec, width: number, header: boolean): TableCell {
  const run: RunStyle = { size: SIZES.small, bold: header || spec.bold, color: spec.color, ...(header ? { font: FONTS.heading } : {}) }
  const alignment = spec.numeric ? AlignmentType.RIGHT : AlignmentType.LEFT
  const paragraphs = [new Paragraph({ alignment, spacing: { before: 0, after: 0 }, children: spec.runs ?? textRuns(spec.text ?? '', run) })]
  for (const line of spec.sub ?? []) paragraphs.push(textParagraph(line, { size: 16, color: COLORS.muted }, { alignment, spacing: { before: 0, after: 0 } }))
  return new TableCell({
    children: paragraphs,
    width: { size: width, type: WidthType.DXA },
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
    ...(header ? { shading: { type: ShadingType.CLEAR, fill: COLORS.headerFill, color: 'auto' } } : {}),
  })
}

/**
 * A bordered table across the text width: a header row repeated on every
 * page, rows that never split across pages. `widths` are fractions of the
 * text width, one per column.
 */
export function docxTable(head: readonly CellSpec[], rows: readonly (readonly CellSpec[])[], widths: readonly number[]): Table {
  const total = widths.reduce((a, b) => a + b, 0)
  const columns = widths.map((w) => Math.floor((w / total) * TEXT_WIDTH))
  const row = (cells: readonly CellSpec[], header: boolean) =>
    new TableRow({ tableHeader: header, cantSplit: true, children: cells.map((c, i) => tableCell(c, columns[i] ?? columns[0]!, header)) })
  return new Table({
    rows: [row(head, true), ...rows.map((r) => row(r, false))],
    width: { size: columns.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: columns,
    layout: TableLayoutType.FIXED,
    borders: { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border },
  })
}

/** A table's caption: bold, kept on the page of the table. */
export const captionParagraph = (text: string): Paragraph =>
  textParagraph(text, { bold: true, font: FONTS.heading, size: SIZES.body }, { keepNext: true, spacing: { before: 120, after: 60 } })

/**
 * A block as a card: one full-width cell, a thick bar in `bar`'s colour on
 * its left, thin lines elsewhere (an issue, a goal, a quarantined block).
 * Its content may run onto the next page. A spacer follows, so two cards
 * in a row stay two tables.
 */
export function card(children: readonly FileChild[], bar: string, fill?: string): FileChild[] {
  const thin = { style: BorderStyle.SINGLE, size: 4, color: fill ? bar : COLORS.line } as const
  const cell = new TableCell({
    // Block content is paragraphs and tables, the two kinds a cell holds.
    children: children.length > 0 ? (children as (Paragraph | Table)[]) : [new Paragraph({})],
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    margins: { top: 80, bottom: 80, left: 160, right: 120 },
    borders: { left: { style: BorderStyle.SINGLE, size: 24, color: bar }, top: thin, bottom: thin, right: thin },
    ...(fill ? { shading: { type: ShadingType.CLEAR, fill, color: 'auto' } } : {}),
  })
  const table = new Table({
    rows: [new TableRow({ children: [cell] })],
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [TEXT_WIDTH],
    layout: TableLayoutType.FIXED,
  })
  return [table, spacer()]
}

/** An empty paragraph between two tables, which Word would otherwise merge into one. */
export const spacer = (): Paragraph => new Paragraph({ spacing: { before: 0, after: 0, line: 160, lineRule: LineRuleType.AUTO }, children: [] })
