/**
 * A report body as GitHub-flavoured Markdown: a heading per section, tables
 * for metrics, feedback and trends, lists for actions and goals. Text from
 * the report is escaped so it stays text (markdownSyntax.ts). This file
 * renders the document: its header, inline text and the standard nodes; each
 * report block renders itself (the `markdown` of its definition,
 * schema/blocks/<block>/<name>Markdown.ts).
 */
import type { JSONContent } from '@tiptap/core'
import { blockDefinition } from '../blocks/blockRegistry'
import { attrNumber } from '../nodes/readAttribute'
import type { MarkdownRenderContext } from './BlockRenderer'
import { codeSpan, escapeLineStart, escapeMarkdown, fencedCode, indentLines } from './markdownSyntax'
import { bodyBlocks, headerFacts, renderContext, type ReportRenderInput } from './renderContext'
import { children, own, safeHref, textOf } from './reportJson'

const markKey = (n: JSONContent) =>
  JSON.stringify((Array.isArray(n.marks) ? n.marks : []).map((m) => [m.type, m.type === 'link' ? m.attrs?.href : null]))

function renderInline(nodes: JSONContent[]): string {
  // Neighbouring text with the same marks is one run, so `**a****b**` never happens.
  const runs: JSONContent[] = []
  for (const n of nodes) {
    const last = runs[runs.length - 1]
    if (n.type === 'text' && last?.type === 'text' && markKey(last) === markKey(n)) runs[runs.length - 1] = { ...last, text: `${last.text ?? ''}${n.text ?? ''}` }
    else runs.push(n)
  }
  const out = runs
    .map((n) => {
      if (n.type === 'hardBreak') return '\\\n'
      const text = n.type === 'text' ? (typeof n.text === 'string' ? n.text : '') : textOf(n)
      const marks = Array.isArray(n.marks) ? n.marks.map((m) => m.type) : []
      // Emphasis delimiters must touch non-space text: keep surrounding spaces outside them.
      const [, lead = '', core = '', trail = ''] = /^(\s*)([\s\S]*?)(\s*)$/.exec(text) ?? []
      if (core === '') return text
      let md = marks.includes('code') ? codeSpan(core) : escapeMarkdown(core)
      if (marks.includes('italic')) md = `*${md}*`
      if (marks.includes('bold')) md = `**${md}**`
      if (marks.includes('strike')) md = `~~${md}~~`
      const link = n.marks?.find((m) => m.type === 'link')
      const href = link ? safeHref(link.attrs?.href) : null
      // Spaces, brackets and parentheses would end the link destination early.
      if (href) md = `[${md}](${href.replace(/[\s()<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)})`
      return `${lead}${md}${trail}`
    })
    .join('')
  return out.split('\n').map(escapeLineStart).join('\n')
}

function renderBlocks(nodes: JSONContent[], ctx: MarkdownRenderContext, depth: number): string {
  return nodes
    .map((n) => renderBlock(n, ctx, depth))
    .filter((s) => s !== '')
    .join('\n\n')
}

/** Consecutive list items (action items) form one list (no blank line between items). */
function renderSectionBlocks(nodes: JSONContent[], ctx: MarkdownRenderContext, depth: number): string {
  const parts: string[] = []
  let prevType: string | null = null
  for (const n of nodes) {
    const md = renderBlock(n, ctx, depth)
    if (md === '') continue
    const listType = blockDefinition(n.type ?? '')?.markdown?.listItem ? (n.type ?? null) : null
    if (listType !== null && listType === prevType) parts[parts.length - 1] += `\n${md}`
    else parts.push(md)
    prevType = listType
  }
  return parts.join('\n\n')
}

function renderList(node: JSONContent, ctx: MarkdownRenderContext, depth: number, ordered: boolean): string {
  const start = attrNumber(node.attrs?.start) ?? 1
  const first = ordered && Number.isInteger(start) ? start : 1
  return children(node)
    .map((item, i) => {
      const marker = ordered ? `${first + i}. ` : '- '
      return `${marker}${indentLines(renderBlocks(children(item), ctx, depth), ' '.repeat(marker.length))}`
    })
    .join('\n')
}

/** The standard nodes (not report blocks): paragraphs, headings, lists, quotes, code. */
const NODE_RENDERERS: Record<string, (node: JSONContent, ctx: MarkdownRenderContext, depth: number) => string> = {
  paragraph: (node) => renderInline(children(node)),
  heading: (node, _ctx, depth) => {
    const level = Math.min(6, Math.max(depth > 0 ? 3 : 1, attrNumber(node.attrs?.level) || 2))
    return `${'#'.repeat(level)} ${renderInline(children(node))}`
  },
  bulletList: (node, ctx, depth) => renderList(node, ctx, depth, false),
  orderedList: (node, ctx, depth) => renderList(node, ctx, depth, true),
  listItem: (node, ctx, depth) => renderBlocks(children(node), ctx, depth),
  blockquote: (node, ctx, depth) =>
    renderBlocks(children(node), ctx, depth)
      .split('\n')
      .map((l) => `> ${l}`)
      .join('\n'),
  codeBlock: (node) => fencedCode(textOf(node)),
  horizontalRule: () => '---',
}

function renderBlock(node: JSONContent, ctx: MarkdownRenderContext, depth: number): string {
  const render = blockDefinition(node.type ?? '')?.markdown?.render ?? own(NODE_RENDERERS, node.type)
  if (render) return render(node, ctx, depth)
  const text = textOf(node)
  return text ? escapeLineStart(escapeMarkdown(text)) : ''
}

export function renderReportMarkdown(input: ReportRenderInput): string {
  const ctx: MarkdownRenderContext = {
    ...renderContext(input),
    blocks: (nodes, depth) => renderBlocks(nodes, ctx, depth),
    sectionBlocks: (nodes, depth) => renderSectionBlocks(nodes, ctx, depth),
    inline: renderInline,
  }
  const { labels } = ctx
  const header = [
    `# ${escapeMarkdown(input.title)}`,
    headerFacts(input, labels)
      .map(([k, v]) => `- **${escapeMarkdown(k)}**${labels.colon}${escapeMarkdown(v)}`)
      .join('\n'),
  ]
  const body = bodyBlocks(input.content, input.title)
    .map((n) => renderBlock(n, ctx, 0))
    .filter((s) => s !== '')
  return `${[...header, ...body].join('\n\n')}\n`
}
