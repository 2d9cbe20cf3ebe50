/**
 * A report body as one self-contained HTML document: inline styles with a
 * print stylesheet (A4; sections follow each other, pages break between blocks, not inside them), no scripts, no external
 * resources, so it can be stored with a published version, mailed or
 * printed to PDF as is. Every block is shown as the editor shows it, read-only;
 * every string from the report is escaped. This file renders the document:
 * its header, inline text and the standard nodes; each report block renders
 * itself (the `html` of its definition, schema/blocks/<block>/<name>Html.ts).
 */
import type { JSONContent } from '@tiptap/core'
import { blockDefinition } from '../blocks/blockRegistry'
import { attrNumber } from '../nodes/readAttribute'
import type { HtmlRenderContext } from './BlockRenderer'
import { bodyBlocks, headerFacts, renderContext, type ReportRenderInput } from './renderContext'
import { children, escapeHtml as e, own, safeHref, textOf } from './reportJson'

export type { ReportRenderInput } from './renderContext'

const FONT_STACK = '"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'

export const REPORT_CSS = `
:root { --fg: #1f2328; --muted: #656d76; --line: #d0d7de; --bg: #f6f8fa; --accent: #0b5fff; --danger: #cf222e; --ok: #1a7f37; }
* { box-sizing: border-box; }
html { color: var(--fg); background: #fff; }
body { margin: 0 auto; max-width: 860px; padding: 32px 24px; font-family: ${FONT_STACK}; font-size: 14px; line-height: 1.65; }
.report-header { border-bottom: 2px solid var(--fg); margin-bottom: 8px; padding-bottom: 8px; }
.report-header h1 { font-size: 24px; margin: 0 0 8px; line-height: 1.3; }
.report-meta { display: flex; flex-wrap: wrap; gap: 2px 20px; margin: 0; font-size: 13px; color: var(--muted); }
.report-meta div { display: flex; gap: 4px; }
.report-meta dd { margin: 0; color: var(--fg); }
.report-draft { color: var(--danger); font-weight: 600; }
.report-section > h2 { font-size: 19px; margin: 28px 0 12px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 16px; margin: 16px 0 8px; }
p { margin: 6px 0; }
a { color: var(--accent); }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.92em; background: var(--bg); padding: 0 3px; border-radius: 3px; }
pre { background: var(--bg); padding: 8px 10px; border-radius: 6px; white-space: pre-wrap; word-break: break-word; }
blockquote { margin: 8px 0; padding-left: 12px; border-left: 3px solid var(--line); color: var(--muted); }
table { width: 100%; border-collapse: collapse; margin: 10px 0; font-size: 13px; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: var(--bg); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.sub { display: block; font-size: 11px; color: var(--muted); }
.good { color: var(--ok); }
.bad { color: var(--danger); }
.muted { color: var(--muted); font-size: 12px; }
.block-label { font-size: 12px; font-weight: 600; color: var(--muted); text-transform: uppercase; letter-spacing: 0.02em; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; margin: 12px 0; background: #fff; }
.card-head { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; }
.card-title { font-weight: 600; font-size: 15px; }
.fields { display: flex; flex-wrap: wrap; gap: 2px 18px; margin: 6px 0; font-size: 13px; color: var(--muted); }
.fields span b { font-weight: 500; color: var(--fg); }
.pill { display: inline-block; border-radius: 12px; font-size: 12px; font-weight: 600; padding: 0 8px; border: 1px solid var(--line); background: var(--bg); }
.pill-critical { background: #82071e; color: #fff; border-color: #82071e; }
.pill-high { background: #cf222e; color: #fff; border-color: #cf222e; }
.pill-medium { background: #fff1c2; color: #7d4e00; border-color: #e8c05c; }
.pill-low { background: #ddf4ff; color: #0a3069; border-color: #a8d6f5; }
.pill-positive { background: #dafbe1; color: #116329; border-color: #aceebb; }
.pill-negative { background: #ffebe9; color: #a40e26; border-color: #ffcecb; }
.issue { border-left: 4px solid var(--line); }
.issue.sev-critical { border-left-color: #82071e; }
.issue.sev-high { border-left-color: #cf222e; }
.issue.sev-medium { border-left-color: #d4a72c; }
.issue.sev-low { border-left-color: #54aeff; }
.root-cause { font-size: 13px; margin: 4px 0; white-space: pre-wrap; }
.actions { list-style: none; padding: 0; margin: 8px 0; }
.action { border: 1px solid var(--line); border-radius: 8px; padding: 6px 10px; margin: 6px 0; }
.action-main { display: flex; gap: 8px; align-items: baseline; }
.action-no { font-weight: 600; color: var(--muted); font-variant-numeric: tabular-nums; }
.action-text { flex: 1; }
.action-done .action-text { color: var(--muted); text-decoration: line-through; }
.action-blocked { border-color: #ffcecb; background: #fffafa; }
.status { font-size: 12px; font-weight: 600; white-space: nowrap; }
.badge { display: inline-block; border: 1px solid var(--line); border-radius: 10px; padding: 0 8px; font-size: 12px; color: var(--muted); }
.goal .goal-target { font-weight: 600; font-variant-numeric: tabular-nums; }
.stats { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0; }
.stat { border: 1px solid #eaeef2; border-radius: 6px; padding: 4px 10px; min-width: 110px; }
.stat dt { font-size: 12px; color: var(--muted); }
.stat dd { margin: 0; font-size: 17px; font-weight: 600; font-variant-numeric: tabular-nums; }
.kpi { background: var(--bg); }
.kpi .stat { background: #fff; }
.kpi-formula { display: block; font-size: 11px; color: var(--muted); font-weight: 400; }
.trend { margin: 12px 0; }
.trend svg { display: block; width: 100%; max-width: 480px; height: auto; }
.trend figcaption { font-size: 12px; color: var(--muted); margin-top: 4px; }
.quarantine { border: 1px solid #d4a72c; background: #fff8c5; border-radius: 8px; padding: 10px 14px; margin: 12px 0; }
.quarantine strong { color: #7d4e00; }
.quarantine pre { background: #fff; border: 1px solid #eed888; font-size: 12px; word-break: break-all; }
.report-footer { margin-top: 32px; font-size: 12px; color: var(--muted); border-top: 1px solid var(--line); padding-top: 6px; }
@page { size: A4; margin: 18mm; }
@media print {
  html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  /* Sections share pages: a page breaks between blocks where it reads well, never after a heading. */
  h1, h2, h3, h4, .card-head, .block-label { break-after: avoid; page-break-after: avoid; }
  .report-section > h2 { break-before: auto; margin-top: 14pt; }
  /* Blocks and tables move whole to the next page when they fit on one (avoid is soft: a longer one still breaks, between rows, its header repeated). */
  table, tr, .card, .action, .stat, .stats, figure, .quarantine, blockquote, pre, li { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  p { orphans: 3; widows: 3; }
  a { color: inherit; }
}
`

// ---------------------------------------------------------------- inline

function renderInline(nodes: JSONContent[]): string {
  return nodes
    .map((n) => {
      if (n.type === 'hardBreak') return '<br>'
      if (n.type !== 'text') return e(textOf(n))
      let html = e(typeof n.text === 'string' ? n.text : '')
      for (const mark of Array.isArray(n.marks) ? n.marks : []) {
        switch (mark.type) {
          case 'bold':
            html = `<strong>${html}</strong>`
            break
          case 'italic':
            html = `<em>${html}</em>`
            break
          case 'strike':
            html = `<s>${html}</s>`
            break
          case 'underline':
            html = `<u>${html}</u>`
            break
          case 'code':
            html = `<code>${html}</code>`
            break
          case 'link': {
            // An unsafe target (javascript:, data:) keeps its text and loses the link.
            const href = safeHref(mark.attrs?.href)
            if (href) html = `<a href="${e(href)}" rel="noopener noreferrer">${html}</a>`
            break
          }
        }
      }
      return html
    })
    .join('')
}

// ---------------------------------------------------------------- blocks

/** The standard nodes (not report blocks): paragraphs, headings, lists, quotes, code. */
const NODE_RENDERERS: Record<string, (node: JSONContent, ctx: HtmlRenderContext, depth: number) => string> = {
  paragraph: (n) => `<p>${renderInline(children(n))}</p>`,
  heading: (n, _ctx, depth) => {
    // Inside a section the section title is the h2: headings of its content come below it.
    const level = Math.min(6, Math.max(depth > 0 ? 3 : 1, attrNumber(n.attrs?.level) || 2))
    return `<h${level}>${renderInline(children(n))}</h${level}>`
  },
  bulletList: (n, ctx, depth) => `<ul>${children(n).map((c) => renderBlock(c, ctx, depth)).join('')}</ul>`,
  orderedList: (n, ctx, depth) => {
    const start = attrNumber(n.attrs?.start) ?? 1
    return `<ol${Number.isInteger(start) && start !== 1 ? ` start="${start}"` : ''}>${children(n).map((c) => renderBlock(c, ctx, depth)).join('')}</ol>`
  },
  listItem: (n, ctx, depth) => `<li>${renderBlocks(children(n), ctx, depth)}</li>`,
  blockquote: (n, ctx, depth) => `<blockquote>${renderBlocks(children(n), ctx, depth)}</blockquote>`,
  codeBlock: (n) => `<pre><code>${e(textOf(n))}</code></pre>`,
  horizontalRule: () => '<hr>',
}

/** The renderer of a report block, by its definition. */
const blockHtml = (node: JSONContent) => blockDefinition(node.type ?? '')?.html

function renderBlock(node: JSONContent, ctx: HtmlRenderContext, depth: number): string {
  const block = blockHtml(node)
  // A list item alone is still a list of one.
  if (block) return block.list ? `${block.list.open}${block.render(node, ctx, depth)}${block.list.close}` : block.render(node, ctx, depth)
  const render = own(NODE_RENDERERS, node.type)
  if (render) return render(node, ctx, depth)
  if (node.type === 'text' || node.type === 'hardBreak') return renderInline([node])
  // A block type this renderer does not know still shows its text.
  const text = textOf(node)
  return text ? `<div data-type="${e(node.type ?? '')}">${e(text)}</div>` : ''
}

/** Blocks in order; consecutive items of a list (action items) share one list. */
function renderBlocks(nodes: JSONContent[], ctx: HtmlRenderContext, depth: number): string {
  const out: string[] = []
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!
    const list = blockHtml(node)?.list
    if (!list) {
      out.push(renderBlock(node, ctx, depth))
      continue
    }
    const items: string[] = []
    for (; i < nodes.length && nodes[i]!.type === node.type; i++) items.push(blockHtml(nodes[i]!)!.render(nodes[i]!, ctx, depth))
    i--
    out.push(`${list.open}${items.join('')}${list.close}`)
  }
  return out.join('')
}

// ---------------------------------------------------------------- document

export function renderReportHtml(input: ReportRenderInput): string {
  const ctx: HtmlRenderContext = {
    ...renderContext(input),
    blocks: (nodes, depth) => renderBlocks(nodes, ctx, depth),
    inline: renderInline,
  }
  const { labels } = ctx
  const facts = headerFacts(input, labels)
  const body = bodyBlocks(input.content, input.title).map((node) => renderBlock(node, ctx, 0))
  return (
    '<!DOCTYPE html>\n' +
    `<html lang="${e(labels.locale)}"><head><meta charset="utf-8">` +
    // The file is data, not an app: nothing may run or load, even if escaping ever failed.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>${e(input.title)}</title><style>${REPORT_CSS}</style></head><body>` +
    '<header class="report-header">' +
    `<h1>${e(input.title)}</h1>` +
    `<dl class="report-meta">${facts
      .map(([k, v]) => `<div><dt>${e(k)}${e(labels.colon)}</dt><dd${input.version ? '' : k === labels.header.version ? ' class="report-draft"' : ''}>${e(v)}</dd></div>`)
      .join('')}</dl>` +
    '</header>' +
    `<main>${body.join('\n')}</main>` +
    `<footer class="report-footer">${e(labels.header.generatedFrom)}</footer>` +
    '</body></html>\n'
  )
}
