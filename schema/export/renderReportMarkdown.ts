/**
 * A report body as GitHub-flavoured Markdown: a heading per section, tables
 * for metrics, feedback and trends, lists for actions and goals. Text from
 * the report is escaped so it stays text: a `<script>` or a `|` typed in a
 * cell cannot become HTML or break a table.
 */
import type { JSONContent } from '@tiptap/core'
import { attainment, momChange, nps, ratio, type Direction } from '../kpi/metricFormulas'
import { parseNumber } from '../kpi/parseNumber'
import { blockTitle, fieldTitle, fieldValue, type ExportLabels } from './exportLabels'
import {
  bodyBlocks,
  derivedText,
  headerFacts,
  kpiBlockValues,
  renderContext,
  trendSeriesOf,
  trendTitle,
  type RenderContext,
  type ReportRenderInput,
} from './renderReportHtml'
import { attr, attrText, children, safeHref, textOf, withUnit } from './reportJson'
import { attrNumber } from '../nodes/readAttribute'

/** Escapes Markdown syntax inside running text (not at a line start; see `escapeLineStart`). */
export function escapeMarkdown(text: string): string {
  return (
    text
      .replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`)
      // `&amp;` or `&#60;` would be read as an entity.
      .replace(/&(?=#?\w+;)/g, '&amp;')
  )
}

/** Keeps a line from starting a heading, quote, list or rule. */
const escapeLineStart = (line: string) => line.replace(/^(\s*)([#>+=-]|\d+(?=[.)]))/, (_m, space: string, c: string) => `${space}${/\d/.test(c) ? `${c}\\` : `\\${c}`}`)

/** A table cell: escaped, on one line. */
const cell = (text: string) => escapeMarkdown(text.replace(/\s*\n\s*/g, ' ').trim())

function table(head: string[], rows: string[][], numeric: boolean[] = []): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`
  return [line(head.map(cell)), line(head.map((_, i) => (numeric[i] ? '---:' : '---'))), ...rows.map((r) => line(r.map(cell)))].join('\n')
}

/** Wraps text in a code span whose fence is longer than any backtick run inside. */
function codeSpan(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length))
  const fence = '`'.repeat(longest + 1)
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : ''
  return `${fence}${pad}${text}${pad}${fence}`
}

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

const indent = (text: string, by: string) =>
  text
    .split('\n')
    .map((l, i) => (i === 0 || l === '' ? l : `${by}${l}`))
    .join('\n')

function renderBlocks(nodes: JSONContent[], ctx: RenderContext, depth: number): string {
  return nodes
    .map((n) => renderBlock(n, ctx, depth))
    .filter((s) => s !== '')
    .join('\n\n')
}

function renderList(node: JSONContent, ctx: RenderContext, depth: number, ordered: boolean): string {
  const start = attrNumber(node.attrs?.start) ?? 1
  const first = ordered && Number.isInteger(start) ? start : 1
  return children(node)
    .map((item, i) => {
      const marker = ordered ? `${first + i}. ` : '- '
      return `${marker}${indent(renderBlocks(children(item), ctx, depth), ' '.repeat(marker.length))}`
    })
    .join('\n')
}

function renderBlock(node: JSONContent, ctx: RenderContext, depth: number): string {
  const { labels } = ctx
  switch (node.type) {
    case 'paragraph':
      return renderInline(children(node))
    case 'heading': {
      const level = Math.min(6, Math.max(depth > 0 ? 3 : 1, attrNumber(node.attrs?.level) || 2))
      return `${'#'.repeat(level)} ${renderInline(children(node))}`
    }
    case 'bulletList':
      return renderList(node, ctx, depth, false)
    case 'orderedList':
      return renderList(node, ctx, depth, true)
    case 'listItem':
      return renderBlocks(children(node), ctx, depth)
    case 'blockquote':
      return renderBlocks(children(node), ctx, depth)
        .split('\n')
        .map((l) => `> ${l}`)
        .join('\n')
    case 'codeBlock':
      return fenced(textOf(node))
    case 'horizontalRule':
      return '---'
    case 'reportSection':
      return renderSection(node, ctx)
    case 'metricsTable':
      return renderMetrics(node, ctx)
    case 'issue':
      return renderIssue(node, ctx)
    case 'actionItem':
      return renderAction(node, ctx)
    case 'goal':
      return renderGoal(node, ctx)
    case 'feedbackSummary':
      return renderFeedback(node, ctx)
    case 'kpiBlock':
      return renderKpis(node, ctx)
    case 'trendChart':
      return renderTrend(node, ctx)
    case 'quarantine':
      return [
        `> ⚠ **${escapeMarkdown(labels.quarantine.title)}**`,
        `> ${escapeMarkdown(fieldTitle(labels, 'quarantine', 'originalType'))}${labels.colon}${escapeMarkdown(attr(node, 'originalType') ?? labels.empty)}`,
        '',
        fenced(attrText(node, 'raw')),
      ].join('\n')
    default: {
      const text = textOf(node)
      return text ? escapeLineStart(escapeMarkdown(text)) : ''
    }
  }
}

/** A fenced code block whose fence cannot be closed by the content. */
function fenced(text: string): string {
  const longest = Math.max(2, ...(text.match(/`{3,}/g) ?? []).map((r) => r.length))
  const fence = '`'.repeat(longest + 1)
  return `${fence}\n${text}\n${fence}`
}

function renderSection(node: JSONContent, ctx: RenderContext): string {
  const [first, ...rest] = children(node)
  const heading = first?.type === 'heading' ? `## ${renderInline(children(first))}` : ''
  const body = renderSectionBody(first?.type === 'heading' ? rest : children(node), ctx)
  return [heading, body].filter((s) => s !== '').join('\n\n')
}

/** Consecutive action items form one list (no blank line between items). */
function renderSectionBody(nodes: JSONContent[], ctx: RenderContext): string {
  const parts: string[] = []
  let prevAction = false
  for (const n of nodes) {
    const md = renderBlock(n, ctx, 1)
    if (md === '') continue
    const isAction = n.type === 'actionItem'
    if (isAction && prevAction) parts[parts.length - 1] += `\n${md}`
    else parts.push(md)
    prevAction = isAction
  }
  return parts.join('\n\n')
}

function renderMetrics(node: JSONContent, ctx: RenderContext): string {
  const { labels } = ctx
  const f = (name: string) => fieldTitle(labels, 'metricRow', name)
  const rows = children(node)
    .filter((r) => r.type === 'metricRow')
    .map((r) => {
      const current = attr(r, 'current')
      const previous = attr(r, 'previous')
      const target = attr(r, 'target')
      const direction: Direction = attr(r, 'direction') === 'lower' ? 'lower' : 'higher'
      return [
        attr(r, 'name') ?? attrText(r, 'key'),
        current ?? labels.empty,
        previous ?? labels.empty,
        target ?? labels.empty,
        attrText(r, 'unit'),
        direction === 'lower' ? '↓' : '↑',
        derivedText(momChange(current, previous), 'signedPercent', labels).text,
        derivedText(attainment(current, target, direction), 'percent', labels).text,
        attrText(r, 'definition'),
      ]
    })
  const title = attr(node, 'title')
  const head = [f('name'), f('current'), f('previous'), f('target'), f('unit'), f('direction'), labels.metrics.mom, labels.metrics.attainment, f('definition')]
  const md = table(head, rows, [false, true, true, true, false, false, true, true, false])
  return title ? `**${escapeMarkdown(title)}**\n\n${md}` : md
}

const line = (labels: ExportLabels, pairs: [string, string][]) => pairs.map(([k, v]) => `${escapeMarkdown(k)}${labels.colon}${escapeMarkdown(v)}`).join(' · ')

function renderIssue(node: JSONContent, ctx: RenderContext): string {
  const { labels } = ctx
  const f = (name: string) => fieldTitle(labels, 'issue', name)
  const severity = fieldValue(labels, 'issue', 'severity', attr(node, 'severity'))
  const facts: [string, string][] = [
    [f('severity'), severity],
    [f('status'), fieldValue(labels, 'issue', 'status', attr(node, 'status'))],
    [f('owner'), attr(node, 'owner') ?? labels.empty],
  ]
  if (attr(node, 'category')) facts.push([f('category'), attrText(node, 'category')])
  const rootCause = attr(node, 'rootCause')
  return [
    `### ${escapeMarkdown(`[${severity}] `)}${escapeMarkdown(attr(node, 'title') ?? labels.empty)}`,
    line(labels, facts),
    ...(rootCause ? [`**${escapeMarkdown(f('rootCause'))}**${labels.colon}${escapeMarkdown(rootCause.replace(/\s*\n\s*/g, ' '))}`] : []),
    renderBlocks(children(node), ctx, 2),
  ]
    .filter((s) => s !== '')
    .join('\n\n')
}

function renderAction(node: JSONContent, ctx: RenderContext): string {
  const { labels, index } = ctx
  const f = (name: string) => fieldTitle(labels, 'actionItem', name)
  const status = attr(node, 'status')
  const no = index.actionNumbers.get(node)
  const issueId = attr(node, 'issueId')
  const facts: [string, string][] = [
    [f('status'), fieldValue(labels, 'actionItem', 'status', status)],
    [f('owner'), attr(node, 'owner') ?? labels.empty],
    [f('due'), attr(node, 'due') ?? labels.empty],
  ]
  if (issueId) facts.push([labels.action.issue, index.issues.has(issueId) ? index.issues.get(issueId) || labels.empty : labels.action.missingIssue])
  const carried = attr(node, 'carriedFrom')
  const text = renderInline(children(node).flatMap((p, i) => (i > 0 ? [{ type: 'hardBreak' }, ...children(p)] : children(p))))
  return (
    `- [${status === 'done' ? 'x' : ' '}] ${no ? `#${no} ` : ''}${indent(text, '  ')} — ${line(labels, facts)}` +
    (carried ? ` · ↻ ${escapeMarkdown(`${labels.action.carriedFrom} ${carried}`)}` : '')
  )
}

function renderGoal(node: JSONContent, ctx: RenderContext): string {
  const { labels, index } = ctx
  const f = (name: string) => fieldTitle(labels, 'goal', name)
  const key = attr(node, 'metricKey')
  const metric = key ? index.metrics.get(key) : undefined
  const unit = attrText(node, 'unit')
  const shown = (v: string | null) => withUnit(v, unit, labels.empty)
  const facts: [string, string][] = [
    [f('metricKey'), key ? (metric ? `${metric.name} (${key})` : key) : labels.empty],
    [`${f('baseline')} → ${f('target')}`, `${shown(attr(node, 'baseline'))} → ${shown(attr(node, 'target'))}`],
    [f('direction'), fieldValue(labels, 'goal', 'direction', attr(node, 'direction'))],
    [f('deadline'), attr(node, 'deadline') ?? labels.empty],
    [f('owner'), attr(node, 'owner') ?? labels.empty],
    [f('status'), fieldValue(labels, 'goal', 'status', attr(node, 'status'))],
  ]
  const statement = renderInline(children(node).flatMap((p, i) => (i > 0 ? [{ type: 'hardBreak' }, ...children(p)] : children(p))))
  return `- **${escapeMarkdown(blockTitle(labels, 'goal'))}**${labels.colon}${indent(statement, '  ')}\n  ${line(labels, facts)}`
}

const FEEDBACK_COUNTS = ['responses', 'csat', 'promoters', 'passives', 'detractors', 'complaints', 'complaintsResolved'] as const

function renderFeedback(node: JSONContent, ctx: RenderContext): string {
  const { labels } = ctx
  const f = (name: string) => fieldTitle(labels, 'feedbackSummary', name)
  const tf = (name: string) => fieldTitle(labels, 'feedbackTheme', name)
  const csat = parseNumber(attr(node, 'csat'))
  const counts = table(
    [...FEEDBACK_COUNTS.map(f), labels.feedback.nps, labels.feedback.resolutionRate],
    [
      [
        ...FEEDBACK_COUNTS.map((c) => (c === 'csat' && csat.ok ? String(csat.value) : (attr(node, c) ?? labels.empty))),
        derivedText(nps(attr(node, 'promoters'), attr(node, 'detractors'), attr(node, 'responses')), 'number', labels).text,
        derivedText(ratio(attr(node, 'complaintsResolved'), attr(node, 'complaints')), 'percent', labels).text,
      ],
    ],
    Array(FEEDBACK_COUNTS.length + 2).fill(true),
  )
  const themes = children(node).filter((c) => c.type === 'feedbackTheme')
  const themeTable =
    themes.length > 0
      ? table(
          [tf('sentiment'), labels.feedback.theme, tf('channel'), tf('count')],
          themes.map((t) => [fieldValue(labels, 'feedbackTheme', 'sentiment', attr(t, 'sentiment')), textOf(t), attr(t, 'channel') ?? labels.empty, attr(t, 'count') ?? labels.empty]),
          [false, false, false, true],
        )
      : ''
  return [
    `**${escapeMarkdown(blockTitle(labels, 'feedbackSummary'))}**`,
    counts,
    themeTable,
    renderBlocks(
      children(node).filter((c) => c.type !== 'feedbackTheme'),
      ctx,
      2,
    ),
  ]
    .filter((s) => s !== '')
    .join('\n\n')
}

function renderKpis(node: JSONContent, ctx: RenderContext): string {
  const { labels } = ctx
  const values = kpiBlockValues(node, ctx.input.kpis)
  const title = `**${escapeMarkdown(blockTitle(labels, 'kpiBlock'))}**`
  if (values.length === 0) return `${title}\n\n*${escapeMarkdown(labels.kpi.pending)}*`
  return `${title}\n\n${table(
    [blockTitle(labels, 'metricRow'), labels.kpi.value, labels.kpi.formula],
    values.map((v) => [v.label, v.display, v.formula]),
    [false, true, false],
  )}`
}

function renderTrend(node: JSONContent, ctx: RenderContext): string {
  const { labels } = ctx
  const series = trendSeriesOf(node, ctx)
  const title = `**${escapeMarkdown(`${blockTitle(labels, 'trendChart')}${labels.colon}${trendTitle(series, labels)}`)}**`
  if (!series.points.some((p) => !p.draft && p.value !== null)) {
    const draft = series.points.filter((p) => p.draft)
    const draftRows = draft.length > 0 ? `\n\n${table([labels.trend.period, labels.kpi.value], draft.map((p) => [`${p.period} (${labels.trend.draft})`, p.display || labels.empty]), [false, true])}` : ''
    return `${title}\n\n*${escapeMarkdown(labels.trend.noData)}*${draftRows}`
  }
  return `${title}\n\n${table(
    [labels.trend.period, labels.kpi.value],
    series.points.map((p) => [p.draft ? `${p.period} (${labels.trend.draft})` : p.period, p.value === null ? labels.empty : p.display || String(p.value)]),
    [false, true],
  )}`
}

export function renderReportMarkdown(input: ReportRenderInput): string {
  const ctx = renderContext(input)
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
  return `${[...header, ...body].join('\n\n')}\n${input.schemaVersion ? `\n<!-- report-schema-version: ${input.schemaVersion} -->\n` : ''}`
}
