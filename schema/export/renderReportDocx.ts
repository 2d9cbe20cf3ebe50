/**
 * A report as a Word document (.docx, Office Open XML), the way Chinese
 * organisations circulate monthly reports: A4, the title block (title,
 * period, version or 草稿, published at / by), sections as headings,
 * metrics as real Word tables, every block in its own renderer (the block's
 * folder, `<name>Docx.ts`, found through the registry), page numbers in the
 * footer, CJK fonts declared (宋体 for text, 微软雅黑 for headings, with
 * their Latin names and classes so a machine without them picks a close
 * substitute). Every string from the report stays text.
 */
import type { JSONContent } from '@tiptap/core'
import {
  AlignmentType,
  BorderStyle,
  Document,
  ExternalHyperlink,
  Footer,
  Header,
  HeadingLevel,
  LevelFormat,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  TextRun,
  type FileChild,
  type IParagraphOptions,
  type ParagraphChild,
} from 'docx'
import { blockDefinitions } from '../blocks/blockRegistry'
import type { ChartPngRenderer, DocxBlockRenderer, DocxRenderContext } from './DocxBlockRenderer'
import { COLORS, FONTS, PAGE, SIZES, textParagraph, textRuns, xmlText, type RunStyle } from './docxParts'
import { bodyBlocks, headerFacts, renderContext, type ReportRenderInput } from './renderContext'
import { children, safeHref, textOf } from './reportJson'
import { attrNumber } from '../nodes/readAttribute'

export interface DocxRenderInput extends ReportRenderInput {
  /** Turns trend charts into pictures (the server's); without it a chart is exported as its values. */
  chartPng?: ChartPngRenderer
}

export const DOCX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'

let renderers: Promise<ReadonlyMap<string, DocxBlockRenderer>> | undefined

/** Every block's DOCX renderer, loaded once. */
function blockRenderers(): Promise<ReadonlyMap<string, DocxBlockRenderer>> {
  renderers ??= Promise.all(
    blockDefinitions.flatMap((d) => (d.docx ? [d.docx().then((render) => [d.name, render] as const)] : [])),
  ).then((entries) => new Map(entries))
  return renderers
}

// ---------------------------------------------------------------- inline

function inline(nodes: JSONContent[], base: RunStyle = {}): ParagraphChild[] {
  const out: ParagraphChild[] = []
  for (const n of nodes) {
    if (n.type === 'hardBreak') {
      out.push(new TextRun({ ...base, break: 1 }))
      continue
    }
    if (n.type !== 'text') {
      out.push(...textRuns(textOf(n), base))
      continue
    }
    let style: RunStyle = { ...base }
    let href: string | null = null
    for (const mark of Array.isArray(n.marks) ? n.marks : []) {
      switch (mark.type) {
        case 'bold':
          style = { ...style, bold: true }
          break
        case 'italic':
          style = { ...style, italics: true }
          break
        case 'strike':
          style = { ...style, strike: true }
          break
        case 'underline':
          style = { ...style, underline: {} }
          break
        case 'code':
          style = { ...style, font: FONTS.mono, shading: { type: ShadingType.CLEAR, fill: COLORS.codeFill, color: 'auto' } }
          break
        case 'link':
          // An unsafe target (javascript:, data:) keeps its text and loses the link.
          href = safeHref(mark.attrs?.href)
          break
      }
    }
    const runs = textRuns(typeof n.text === 'string' ? n.text : '', href ? { ...style, style: 'Hyperlink' } : style)
    out.push(...(href ? [new ExternalHyperlink({ link: xmlText(href), children: runs })] : runs))
  }
  return out
}

// ---------------------------------------------------------------- standard nodes

type Extra = Omit<IParagraphOptions, 'children' | 'text'>

const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4, HeadingLevel.HEADING_5, HeadingLevel.HEADING_6]

const QUOTE: Extra = {
  indent: { left: 360 },
  border: { left: { style: BorderStyle.SINGLE, size: 12, color: COLORS.line, space: 8 } },
}

/** One render's state: its context, and the numbered lists it started (each restarts its numbering). */
class DocxFlow {
  readonly ctx: DocxRenderContext
  /** Start value of each numbered-list numbering definition, by reference. */
  readonly orderedStarts = new Map<string, number>()
  private instances = 0

  constructor(
    base: ReturnType<typeof renderContext>,
    private readonly renderers: ReadonlyMap<string, DocxBlockRenderer>,
    chartPng: ChartPngRenderer | undefined,
  ) {
    this.ctx = { ...base, blocks: (nodes, depth) => this.blocks(nodes, depth), inline, ...(chartPng ? { chartPng } : {}) }
  }

  /** Blocks in order (one after the other: a chart's picture is made while the others wait). */
  async blocks(nodes: JSONContent[], depth: number, extra: Extra = {}): Promise<FileChild[]> {
    const out: FileChild[] = []
    for (const node of nodes) out.push(...(await this.block(node, depth, extra)))
    return out
  }

  async block(node: JSONContent, depth: number, extra: Extra = {}): Promise<FileChild[]> {
    const render = this.renderers.get(node.type ?? '')
    if (render) return render(node, this.ctx, depth)
    switch (node.type) {
      case 'paragraph':
        return [new Paragraph({ ...extra, children: inline(children(node)) })]
      case 'heading': {
        // Under the title, sections are Heading 1; headings inside a section come below them.
        const html = Math.min(6, Math.max(depth > 0 ? 3 : 1, attrNumber(node.attrs?.level) || 2))
        return [new Paragraph({ ...extra, heading: HEADINGS[Math.max(0, html - 2)], children: inline(children(node)) })]
      }
      case 'bulletList':
      case 'orderedList':
        return this.list(node, depth, 0, extra)
      case 'blockquote':
        return this.blocks(children(node), depth, { ...extra, ...QUOTE })
      case 'codeBlock':
        return [
          new Paragraph({
            ...extra,
            shading: { type: ShadingType.CLEAR, fill: COLORS.codeFill, color: 'auto' },
            spacing: { before: 60, after: 60, line: 260, lineRule: LineRuleType.AUTO },
            children: textRuns(textOf(node), { font: FONTS.mono, size: SIZES.small }),
          }),
        ]
      case 'horizontalRule':
        return [new Paragraph({ border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: COLORS.line, space: 1 } }, children: [] })]
      case 'text':
      case 'hardBreak':
        return [new Paragraph({ ...extra, children: inline([node]) })]
      default: {
        // A block type this renderer does not know still shows its text.
        const text = textOf(node)
        return text ? [textParagraph(text, {}, extra)] : []
      }
    }
  }

  /** A list: its items' paragraphs bulleted or numbered at `level`, lists inside them one level deeper. */
  private async list(node: JSONContent, depth: number, level: number, extra: Extra): Promise<FileChild[]> {
    const numbering =
      node.type === 'orderedList'
        ? (() => {
            const start = Math.max(0, Math.floor(attrNumber(node.attrs?.start) ?? 1))
            const reference = `ordered-${start}`
            this.orderedStarts.set(reference, start)
            return { numbering: { reference, level: Math.min(level, 8), instance: ++this.instances } }
          })()
        : { bullet: { level: Math.min(level, 8) } }
    const out: FileChild[] = []
    for (const item of children(node)) {
      let first = true
      for (const child of children(item)) {
        if (child.type === 'bulletList' || child.type === 'orderedList') {
          out.push(...(await this.list(child, depth, level + 1, extra)))
        } else if (child.type === 'paragraph') {
          out.push(new Paragraph({ ...extra, ...(first ? numbering : { indent: { left: 720 * (level + 1) } }), children: inline(children(child)) }))
        } else {
          out.push(...(await this.block(child, depth, extra)))
        }
        first = false
      }
    }
    return out
  }
}

// ---------------------------------------------------------------- document

/** The font table: each CJK font under its Chinese and Latin names, with the class a substitute is picked by. */
const FONT_TABLE = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<w:font w:name="宋体"><w:altName w:val="SimSun"/><w:panose1 w:val="02010600030101010101"/><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/><w:sig w:usb0="00000003" w:usb1="288F0000" w:usb2="00000016" w:usb3="00000000" w:csb0="00040001" w:csb1="00000000"/></w:font>
<w:font w:name="微软雅黑"><w:altName w:val="Microsoft YaHei"/><w:panose1 w:val="020B0503020204020204"/><w:charset w:val="86"/><w:family w:val="swiss"/><w:pitch w:val="variable"/><w:sig w:usb0="80000287" w:usb1="2ACF3C50" w:usb2="00000016" w:usb3="00000000" w:csb0="0004001F" w:csb1="00000000"/></w:font>
<w:font w:name="Times New Roman"><w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>
<w:font w:name="Arial"><w:panose1 w:val="020B0604020202020204"/><w:charset w:val="00"/><w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>
<w:font w:name="Consolas"><w:panose1 w:val="020B0609020204030204"/><w:charset w:val="00"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>
</w:fonts>`

const heading = (size: number, before: number) => ({
  run: { font: FONTS.heading, size, bold: true, color: COLORS.fg },
  paragraph: { spacing: { before, after: 100 }, keepNext: true, keepLines: true },
})

/** The report as the bytes of a .docx file. */
export async function renderReportDocx(input: DocxRenderInput): Promise<Uint8Array<ArrayBuffer>> {
  const flow = new DocxFlow(renderContext(input), await blockRenderers(), input.chartPng)
  const { labels } = flow.ctx
  const title = xmlText(input.title)
  const facts = headerFacts(input, labels)

  const titleBlock = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: textRuns(input.title) }),
    new Paragraph({
      spacing: { after: 240 },
      border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: COLORS.fg, space: 6 } },
      children: facts.flatMap(([k, v], i) => [
        ...(i > 0 ? [new TextRun({ text: '\u3000\u3000' })] : []),
        ...textRuns(`${k}${labels.colon}`, { color: COLORS.muted }),
        ...textRuns(v, !input.version && k === labels.header.version ? { color: COLORS.bad, bold: true } : {}),
      ]),
    }),
  ]
  const body = await flow.blocks(bodyBlocks(input.content, input.title), 0)
  const end = textParagraph(labels.header.generatedFrom, { color: COLORS.muted, size: SIZES.small }, { spacing: { before: 360 } })

  const small = { size: SIZES.small, color: COLORS.muted }
  const doc = new Document({
    title,
    creator: xmlText(input.publishedBy ?? ''),
    description: xmlText(`${labels.header.period}${labels.colon}${input.period}`),
    styles: {
      default: {
        document: {
          run: { font: FONTS.body, size: SIZES.body, color: COLORS.fg, language: { value: input.locale === 'en' ? 'en-US' : 'zh-CN', eastAsia: 'zh-CN' } },
          // An explicit rule: without it LibreOffice reads the line height as exact and cuts pictures.
          paragraph: { spacing: { after: 80, line: 300, lineRule: LineRuleType.AUTO } },
        },
        title: { run: { font: FONTS.heading, size: 40, bold: true, color: COLORS.fg }, paragraph: { spacing: { after: 120 }, keepNext: true } },
        heading1: heading(32, 360),
        heading2: heading(28, 240),
        heading3: heading(24, 200),
        heading4: heading(22, 160),
        heading5: heading(21, 120),
        heading6: heading(21, 120),
        hyperlink: { run: { color: COLORS.accent, underline: {} } },
      },
    },
    numbering: {
      config: [...flow.orderedStarts].map(([reference, start]) => ({
        reference,
        levels: Array.from({ length: 9 }, (_, level) => ({
          level,
          format: LevelFormat.DECIMAL,
          text: `%${level + 1}.`,
          start: level === 0 ? start : 1,
          alignment: AlignmentType.START,
          style: { paragraph: { indent: { left: 720 * (level + 1), hanging: 360 } } },
        })),
      })),
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: { top: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin, right: PAGE.margin, header: 567, footer: 567 },
            pageNumbers: { start: 1 },
          },
        },
        headers: {
          default: new Header({
            children: [
              new Paragraph({
                alignment: AlignmentType.RIGHT,
                border: { bottom: { style: BorderStyle.SINGLE, size: 4, color: COLORS.line, space: 2 } },
                children: textRuns(`${input.title} · ${input.version ? `v${input.version}` : labels.header.draft}`, small),
              }),
            ],
          }),
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ ...small, children: [labels.page.before, PageNumber.CURRENT, labels.page.between, PageNumber.TOTAL_PAGES, labels.page.after] })],
              }),
            ],
          }),
        },
        children: [...titleBlock, ...body, end],
      },
    ],
  })
  const bytes = await Packer.pack(doc, 'uint8array', false, [{ path: 'word/fontTable.xml', data: FONT_TABLE }])
  return new Uint8Array(bytes)
}
