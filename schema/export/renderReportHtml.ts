/**
 * A report body as one self-contained HTML document: inline styles with a
 * print stylesheet (A4; sections follow each other, pages break between blocks, not inside them), no scripts, no external
 * resources, so it can be stored with a published version, mailed or
 * printed to PDF as is. Every block is shown as the editor shows it, read-only;
 * every string from the report is escaped.
 */
import { parseKpiValues } from '../kpi/kpiFreshness'
import type { JSONContent } from '@tiptap/core'
import type { KpiValue } from '../kpi/computeReportKpis'
import { attainment, metricStatus, momChange, nps, ratio, type Direction } from '../kpi/metricFormulas'
import type { Derived } from '../kpi/Derived'
import { parseNumber } from '../kpi/parseNumber'
import type { Locale } from '../templates/ReportTemplate'
import type { TrendSeries } from '../trend/TrendSeries'
import { parseTrendSeries, renderTrendSvg } from '../trend/trendSvg'
import { freezeTrendSeries } from '../trend/freezeTrendSeries'
import { blockTitle, exportLabels, fieldTitle, fieldValue, type ExportLabels } from './exportLabels'
import {
  attr,
  attrText,
  children,
  escapeHtml as e,
  indexReport,
  kpiScopePrefix,
  own,
  safeHref,
  textOf,
  withUnit,
  type KpiShown,
  type ReportIndex,
} from './reportJson'
import { attrNumber } from '../nodes/readAttribute'
import { DEFAULT_TIME_ZONE, formatLocalTime } from '../time/formatLocalTime'

export interface ReportRenderInput {
  /** The report body: ProseMirror JSON of schema/reportSchema (a PublishedVersion's `content`). */
  content: JSONContent
  title: string
  period: string
  locale: Locale
  /** "1", "1.1"…; null or absent for a draft. */
  version?: string | null
  publishedAt?: string | null
  publishedBy?: string | null
  /** The report's KPIs; shown by KPI blocks that hold no stored values. */
  kpis: KpiValue[]
  /** IANA zone every time is shown in (the instance's TIMEZONE); DEFAULT_TIME_ZONE when absent. */
  timeZone?: string
  /** Document schema version of `content` (schema/document/migrateDocument.ts), named in the export's head. */
  schemaVersion?: number
}

/** Shared by the HTML and Markdown renderers: what one render needs besides the node. */
export interface RenderContext {
  input: ReportRenderInput
  labels: ExportLabels
  index: ReportIndex
}

export function renderContext(input: ReportRenderInput): RenderContext {
  return { input, labels: exportLabels(input.locale), index: indexReport(input.content) }
}

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

/** A class-name suffix from a stored value: only known words, so a value cannot break out of the attribute. */
const known = (value: string | null, allowed: readonly string[]): string => (value && allowed.includes(value) ? value : 'unknown')

/** The text shown for a derived value: "+5.2%", "98.7%", "41.0", or "—" with its reason as a tooltip. */
export function derivedText(d: Derived, style: 'signedPercent' | 'percent' | 'number', labels: ExportLabels): { text: string; reason: string | null } {
  if (!d.ok) return { text: '—', reason: `${labels.notComputable}${labels.colon}${labels.reasons[d.reason]}` }
  if (style === 'number') return { text: d.value.toFixed(1), reason: null }
  const pct = (d.value * 100).toFixed(1)
  const text = style === 'signedPercent' && d.value > 0 ? `+${pct}%` : `${pct}%`
  return { text: text === '-0.0%' ? '0.0%' : text, reason: null }
}

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

const BLOCK_RENDERERS: Record<string, (node: JSONContent, ctx: RenderContext, depth: number) => string> = {
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
  reportSection: (n, ctx) => renderSection(n, ctx),
  metricsTable: (n, ctx) => renderMetricsTable(n, ctx),
  issue: (n, ctx) => renderIssue(n, ctx),
  actionItem: (n, ctx) => `<ul class="actions">${renderAction(n, ctx)}</ul>`,
  goal: (n, ctx) => renderGoal(n, ctx),
  feedbackSummary: (n, ctx) => renderFeedback(n, ctx),
  kpiBlock: (n, ctx) => renderKpiBlock(n, ctx),
  trendChart: (n, ctx) => renderTrend(n, ctx),
  quarantine: (n, ctx) => renderQuarantine(n, ctx),
}

function renderBlock(node: JSONContent, ctx: RenderContext, depth: number): string {
  const render = own(BLOCK_RENDERERS, node.type)
  if (render) return render(node, ctx, depth)
  if (node.type === 'text' || node.type === 'hardBreak') return renderInline([node])
  // A block type this renderer does not know still shows its text.
  const text = textOf(node)
  return text ? `<div data-type="${e(node.type ?? '')}">${e(text)}</div>` : ''
}

/** Blocks in order; consecutive action items share one list. */
function renderBlocks(nodes: JSONContent[], ctx: RenderContext, depth: number): string {
  const out: string[] = []
  let actions: string[] = []
  const flush = () => {
    if (actions.length > 0) out.push(`<ul class="actions">${actions.join('')}</ul>`)
    actions = []
  }
  for (const node of nodes) {
    if (node.type === 'actionItem') {
      actions.push(renderAction(node, ctx))
      continue
    }
    flush()
    out.push(renderBlock(node, ctx, depth))
  }
  flush()
  return out.join('')
}

function renderSection(node: JSONContent, ctx: RenderContext): string {
  const [first, ...rest] = children(node)
  const heading = first?.type === 'heading' ? first : null
  const body = heading ? rest : children(node)
  return (
    `<section class="report-section" data-section="${e(attrText(node, 'key'))}">` +
    (heading ? `<h2>${renderInline(children(heading))}</h2>` : '') +
    renderBlocks(body, ctx, 1) +
    '</section>'
  )
}

const field = (labels: ExportLabels, label: string, value: string) => `<span>${e(label)}${e(labels.colon)}<b>${e(value)}</b></span>`

function renderMetricsTable(node: JSONContent, ctx: RenderContext): string {
  const { labels } = ctx
  const f = (name: string) => fieldTitle(labels, 'metricRow', name)
  const cols = [f('name'), f('current'), f('previous'), f('target'), f('unit'), f('direction'), labels.metrics.mom, labels.metrics.attainment]
  const rows = children(node)
    .filter((r) => r.type === 'metricRow')
    .map((r) => {
      const current = attr(r, 'current')
      const previous = attr(r, 'previous')
      const target = attr(r, 'target')
      const direction: Direction = attr(r, 'direction') === 'lower' ? 'lower' : 'higher'
      const mom = momChange(current, previous)
      const momShown = derivedText(mom, 'signedPercent', labels)
      const momTone = !mom.ok || mom.value === 0 ? '' : mom.value > 0 === (direction === 'higher') ? 'good' : 'bad'
      const att = derivedText(attainment(current, target, direction), 'percent', labels)
      const status = metricStatus(current, target, direction)
      const attTone = status === 'met' ? 'good' : status === 'missed' ? 'bad' : ''
      const attTitle = att.reason ?? (status === 'met' ? labels.metrics.met : status === 'missed' ? labels.metrics.missed : null)
      const details = (['definition', 'source', 'note'] as const)
        .filter((d) => attr(r, d))
        .map((d) => `<span class="sub">${e(f(d))}${e(labels.colon)}${e(attrText(r, d))}</span>`)
        .join('')
      const cell = (text: string, cls: string, title: string | null = null) =>
        `<td class="${cls}"${title ? ` title="${e(title)}"` : ''}>${e(text)}</td>`
      return (
        `<tr data-key="${e(attrText(r, 'key'))}">` +
        `<td>${e(attr(r, 'name') ?? attrText(r, 'key'))}${details}</td>` +
        cell(current ?? labels.empty, 'num') +
        cell(previous ?? labels.empty, 'num') +
        cell(target ?? labels.empty, 'num') +
        cell(attrText(r, 'unit'), '') +
        cell(labels.direction[direction]!, '') +
        cell(momShown.text, `num ${momTone}`.trim(), momShown.reason) +
        cell(att.text, `num ${attTone}`.trim(), attTitle) +
        '</tr>'
      )
    })
  const title = attr(node, 'title')
  return (
    '<table class="metrics">' +
    (title ? `<caption>${e(title)}</caption>` : '') +
    `<thead><tr>${cols.map((c, i) => `<th${i === 0 || i === 4 || i === 5 ? '' : ' class="num"'}>${e(c)}</th>`).join('')}</tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table>`
  )
}

function renderIssue(node: JSONContent, ctx: RenderContext): string {
  const { labels } = ctx
  const severity = attr(node, 'severity')
  const sev = known(severity, ['critical', 'high', 'medium', 'low'])
  const f = (name: string) => fieldTitle(labels, 'issue', name)
  const meta = [
    field(labels, f('status'), fieldValue(labels, 'issue', 'status', attr(node, 'status'))),
    field(labels, f('owner'), attr(node, 'owner') ?? labels.empty),
    ...(attr(node, 'category') ? [field(labels, f('category'), attrText(node, 'category'))] : []),
  ]
  const rootCause = attr(node, 'rootCause')
  return (
    `<article class="card issue sev-${sev}">` +
    `<div class="card-head"><span class="pill pill-${sev}">${e(fieldValue(labels, 'issue', 'severity', severity))}</span>` +
    `<span class="card-title">${e(attr(node, 'title') ?? labels.empty)}</span></div>` +
    `<div class="fields">${meta.join('')}</div>` +
    (rootCause ? `<p class="root-cause"><b>${e(f('rootCause'))}${e(labels.colon)}</b>${e(rootCause)}</p>` : '') +
    renderBlocks(children(node), ctx, 2) +
    '</article>'
  )
}

function renderAction(node: JSONContent, ctx: RenderContext): string {
  const { labels, index } = ctx
  const status = attr(node, 'status')
  const f = (name: string) => fieldTitle(labels, 'actionItem', name)
  const no = index.actionNumbers.get(node)
  const issueId = attr(node, 'issueId')
  const carried = attr(node, 'carriedFrom')
  const meta = [
    field(labels, f('owner'), attr(node, 'owner') ?? labels.empty),
    field(labels, f('due'), attr(node, 'due') ?? labels.empty),
    ...(issueId ? [field(labels, labels.action.issue, index.issues.has(issueId) ? index.issues.get(issueId) || labels.empty : labels.action.missingIssue)] : []),
  ]
  return (
    `<li class="action action-${known(status, ['todo', 'doing', 'done', 'blocked'])}">` +
    '<div class="action-main">' +
    (no ? `<span class="action-no">#${no}</span>` : '') +
    `<span class="status">${e(fieldValue(labels, 'actionItem', 'status', status))}</span>` +
    `<div class="action-text">${renderBlocks(children(node), ctx, 2)}</div></div>` +
    `<div class="fields">${meta.join('')}${carried ? `<span class="badge">↻ ${e(labels.action.carriedFrom)} ${e(carried)}</span>` : ''}</div>` +
    '</li>'
  )
}

function renderGoal(node: JSONContent, ctx: RenderContext): string {
  const { labels, index } = ctx
  const f = (name: string) => fieldTitle(labels, 'goal', name)
  const key = attr(node, 'metricKey')
  const metric = key ? index.metrics.get(key) : undefined
  const unit = attrText(node, 'unit')
  const shown = (v: string | null) => withUnit(v, unit, labels.empty)
  const meta = [
    field(labels, f('metricKey'), key ? (metric ? `${metric.name} (${key})` : key) : labels.empty),
    field(labels, f('direction'), fieldValue(labels, 'goal', 'direction', attr(node, 'direction'))),
    field(labels, f('deadline'), attr(node, 'deadline') ?? labels.empty),
    field(labels, f('owner'), attr(node, 'owner') ?? labels.empty),
  ]
  return (
    '<article class="card goal">' +
    `<div class="card-head"><span class="block-label">${e(blockTitle(labels, 'goal'))}</span>` +
    `<span class="badge">${e(fieldValue(labels, 'goal', 'status', attr(node, 'status')))}</span>` +
    `<span class="goal-target">${e(f('baseline'))} ${e(shown(attr(node, 'baseline')))} → ${e(f('target'))} ${e(shown(attr(node, 'target')))}</span></div>` +
    renderBlocks(children(node), ctx, 2) +
    `<div class="fields">${meta.join('')}</div>` +
    '</article>'
  )
}

const FEEDBACK_COUNTS = ['responses', 'csat', 'promoters', 'passives', 'detractors', 'complaints', 'complaintsResolved'] as const

function renderFeedback(node: JSONContent, ctx: RenderContext): string {
  const { labels } = ctx
  const f = (name: string) => fieldTitle(labels, 'feedbackSummary', name)
  const csat = parseNumber(attr(node, 'csat'))
  const stats: [string, { text: string; reason: string | null }][] = [
    [labels.feedback.nps, derivedText(nps(attr(node, 'promoters'), attr(node, 'detractors'), attr(node, 'responses')), 'number', labels)],
    [f('csat'), csat.ok ? { text: String(csat.value), reason: null } : derivedText(csat, 'number', labels)],
    [labels.feedback.resolutionRate, derivedText(ratio(attr(node, 'complaintsResolved'), attr(node, 'complaints')), 'percent', labels)],
  ]
  const themes = children(node).filter((c) => c.type === 'feedbackTheme')
  const summary = children(node).filter((c) => c.type !== 'feedbackTheme')
  const tf = (name: string) => fieldTitle(labels, 'feedbackTheme', name)
  const themeRows = themes.map((t) => {
    const sentiment = attr(t, 'sentiment')
    return (
      `<tr><td><span class="pill pill-${known(sentiment, ['positive', 'neutral', 'negative'])}">${e(fieldValue(labels, 'feedbackTheme', 'sentiment', sentiment))}</span></td>` +
      `<td>${renderInline(children(t))}</td><td>${e(attr(t, 'channel') ?? labels.empty)}</td><td class="num">${e(attr(t, 'count') ?? labels.empty)}</td></tr>`
    )
  })
  return (
    '<article class="card feedback">' +
    `<div class="card-head"><span class="block-label">${e(blockTitle(labels, 'feedbackSummary'))}</span></div>` +
    `<table class="feedback-counts"><thead><tr>${FEEDBACK_COUNTS.map((c) => `<th class="num">${e(f(c))}</th>`).join('')}</tr></thead>` +
    `<tbody><tr>${FEEDBACK_COUNTS.map((c) => `<td class="num">${e(attr(node, c) ?? labels.empty)}</td>`).join('')}</tr></tbody></table>` +
    `<dl class="stats">${stats.map(([label, s]) => `<div class="stat"${s.reason ? ` title="${e(s.reason)}"` : ''}><dt>${e(label)}</dt><dd>${e(s.text)}</dd></div>`).join('')}</dl>` +
    (themes.length > 0
      ? `<table class="themes"><caption>${e(labels.feedback.themes)}</caption><thead><tr><th>${e(tf('sentiment'))}</th><th>${e(labels.feedback.theme)}</th>` +
        `<th>${e(tf('channel'))}</th><th class="num">${e(tf('count'))}</th></tr></thead><tbody>${themeRows.join('')}</tbody></table>`
      : '') +
    renderBlocks(summary, ctx, 2) +
    '</article>'
  )
}

/** The values a KPI block shows: its stored values, or the version's KPIs of its scope when none are stored. */
export function kpiBlockValues(node: JSONContent, kpis: KpiValue[]): KpiShown[] {
  const stored = parseKpiValues(node.attrs?.values)
  if (stored && stored.length > 0) return stored
  const prefix = kpiScopePrefix(attr(node, 'scope'))
  return kpis
    .filter((k) => k.key.startsWith(prefix))
    .map((k) => ({ key: k.key, label: k.label, display: k.display, formula: k.formula, reason: k.reason ?? '', period: k.period, computedAt: '' }))
}

function renderKpiBlock(node: JSONContent, ctx: RenderContext): string {
  const { labels } = ctx
  const values = kpiBlockValues(node, ctx.input.kpis)
  const computedAt = attr(node, 'computedAt')
  const reasonText = (r: string) => own<string>(labels.reasons, r) ?? r
  const items = values.map((v) => {
    const title = [v.formula && `${labels.kpi.formula}${labels.colon}${v.formula}`, v.period && `${labels.kpi.period}${labels.colon}${v.period}`]
      .filter(Boolean)
      .join('\n')
    return (
      `<div class="stat" data-kpi="${e(v.key)}"${title ? ` title="${e(title)}"` : ''}><dt>${e(v.label)}</dt><dd>${e(v.display)}` +
      (v.reason ? `<span class="kpi-formula">${e(labels.notComputable)}${e(labels.colon)}${e(reasonText(v.reason))}</span>` : '') +
      (v.formula ? `<span class="kpi-formula">${e(v.formula)}</span>` : '') +
      '</dd></div>'
    )
  })
  return (
    '<article class="card kpi">' +
    `<div class="card-head"><span class="block-label">${e(blockTitle(labels, 'kpiBlock'))}</span>` +
    (computedAt ? `<span class="muted">${e(labels.kpi.computedAt)} ${e(formatTimestamp(computedAt, ctx.input))}</span>` : '') +
    '</div>' +
    (items.length > 0 ? `<dl class="stats">${items.join('')}</dl>` : `<p class="muted">${e(labels.kpi.pending)}</p>`) +
    '</article>'
  )
}

/**
 * A trend block's series, or an empty one named after its metric when the
 * server wrote none (yet). In a published version the report's own point is
 * published as that version (also for versions frozen before publishing did so).
 */
export function trendSeriesOf(node: JSONContent, ctx: RenderContext): TrendSeries {
  const parsed = parseTrendSeries(node.attrs?.series)
  const key = attrText(node, 'metricKey') || parsed?.metricKey || ''
  const metric = ctx.index.metrics.get(key)
  const series = {
    metricKey: key,
    name: parsed?.name || metric?.name || key,
    unit: parsed?.unit || metric?.unit || '',
    points: parsed?.points ?? [],
  }
  return ctx.input.version ? freezeTrendSeries(series, ctx.input.version) : series
}

/** "一次解决率（%）" / "First-contact resolution (%)". */
export function trendTitle(series: TrendSeries, labels: ExportLabels): string {
  const name = series.name || series.metricKey || blockTitle(labels, 'trendChart')
  if (!series.unit) return name
  return labels.locale === 'zh-CN' ? `${name}（${series.unit}）` : `${name} (${series.unit})`
}

function renderTrend(node: JSONContent, ctx: RenderContext): string {
  const { labels } = ctx
  const series = trendSeriesOf(node, ctx)
  const title = trendTitle(series, labels)
  const months = attr(node, 'months')
  return (
    '<figure class="trend">' +
    renderTrendSvg(series, { title, locale: labels.locale }) +
    `<figcaption><span class="block-label">${e(blockTitle(labels, 'trendChart'))}</span> ${e(title)}` +
    (months ? ` · ${e(labels.trend.months)}${e(labels.colon)}${e(months)}` : '') +
    '</figcaption></figure>'
  )
}

function renderQuarantine(node: JSONContent, ctx: RenderContext): string {
  const { labels } = ctx
  const f = (name: string) => fieldTitle(labels, 'quarantine', name)
  const at = attr(node, 'quarantinedAt')
  return (
    '<aside class="quarantine" role="note">' +
    `<strong>⚠ ${e(labels.quarantine.title)}</strong>` +
    `<div class="fields">${field(labels, f('originalType'), attr(node, 'originalType') ?? labels.empty)}${at ? field(labels, f('quarantinedAt'), formatTimestamp(at, ctx.input)) : ''}</div>` +
    `<p class="muted">${e(labels.quarantine.help)}</p>` +
    `<pre>${e(attrText(node, 'raw'))}</pre>` +
    '</aside>'
  )
}

// ---------------------------------------------------------------- document

/** The body's top-level blocks without the leading title heading, when the header already shows that title. */
export function bodyBlocks(content: JSONContent, title: string): JSONContent[] {
  const blocks = children(content)
  const first = blocks[0]
  if (first?.type === 'heading' && attrNumber(first.attrs?.level) === 1 && textOf(first).trim() === title.trim()) return blocks.slice(1)
  return blocks
}

/** A stored instant as the export shows it: "2026-11-01T08:00:00.000Z" → "2026-11-01 16:00" in the input's zone. */
export function formatTimestamp(raw: string, input: Pick<ReportRenderInput, 'timeZone'>): string {
  return formatLocalTime(raw, input.timeZone ?? DEFAULT_TIME_ZONE)
}

/** The header's facts, in order, as [label, value] (shared with the Markdown export). */
export function headerFacts(input: ReportRenderInput, labels: ExportLabels): [string, string][] {
  const facts: [string, string][] = [[labels.header.period, input.period]]
  facts.push([labels.header.version, input.version ? `v${input.version}` : labels.header.draft])
  if (input.publishedBy) facts.push([labels.header.publishedBy, input.publishedBy])
  if (input.publishedAt) facts.push([labels.header.publishedAt, formatTimestamp(input.publishedAt, input)])
  return facts
}

export function renderReportHtml(input: ReportRenderInput): string {
  const ctx = renderContext(input)
  const { labels } = ctx
  const facts = headerFacts(input, labels)
  const body = bodyBlocks(input.content, input.title).map((node) =>
    node.type === 'reportSection' ? renderSection(node, ctx) : renderBlock(node, ctx, 0),
  )
  return (
    '<!DOCTYPE html>\n' +
    `<html lang="${e(labels.locale)}"><head><meta charset="utf-8">` +
    // The file is data, not an app: nothing may run or load, even if escaping ever failed.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    (input.schemaVersion ? `<meta name="report-schema-version" content="${input.schemaVersion}">` : '') +
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
