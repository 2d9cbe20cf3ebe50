/**
 * The pre-publish check of a report (its rules: README "Review and publish"):
 * pure, from a ProseMirror document and its context to a list of problems,
 * each with a stable code, a message in the report's locale, the block it
 * points at and the section it is in. Publishing is refused while there is
 * an error; warnings are shown and may be published over.
 */
import type { Node as PMNode } from '@tiptap/pm/model'
import { computeReportKpis, type KpiValue } from '../kpi/computeReportKpis'
import { kpiFreshness } from '../kpi/kpiFreshness'
import { parseNumber } from '../kpi/parseNumber'
import { ACTION_STATUSES } from '../blocks/actionItem/ActionItem'
import { ISSUE_SEVERITIES } from '../blocks/issue/IssueBlock'
import { outsideSectionIndexes } from '../outsideSection'
import { BLOCK_TYPES } from '../reportExtensions'
import type { Locale, ReportTemplate } from '../templates/ReportTemplate'
import type { CheckProblem } from './CheckProblem'
import { checkLabels, checkMessage, quote, type CheckCode, type CheckMessageParams } from './checkMessages'
import { isCalendarDate, nextPeriod } from './dates'
import { goalGaps } from './goalGaps'
import { attrString } from '../nodes/readAttribute'

export type { CheckProblem } from './CheckProblem'

export interface CheckContext {
  template: ReportTemplate
  /** Messages are written in this locale. */
  locale: Locale
  /** `YYYY-MM` of the report; action due dates must fall inside the next period (P+1). */
  period: string
  /** Open (unresolved) comment threads; each one is a problem. */
  openThreads?: { id: string; blockId?: string | null }[]
  /** Severity of an open thread; default 'warning'. */
  openThreadSeverity?: 'error' | 'warning'
}

/** Severity of every code but `open_thread` (which the context decides). */
export const CHECK_SEVERITY: Record<Exclude<CheckCode, 'open_thread'>, CheckProblem['severity']> = {
  section_missing: 'error',
  section_empty: 'error',
  section_duplicate: 'error',
  section_out_of_order: 'error',
  metric_key_missing: 'error',
  metric_key_duplicate: 'error',
  metric_name_missing: 'error',
  metric_current_missing: 'error',
  metric_current_not_a_number: 'error',
  metric_target_not_a_number: 'error',
  // Last month's value comes from last month's report; a bad one only costs the MoM figure.
  metric_previous_not_a_number: 'warning',
  metric_direction_missing: 'error',
  issue_title_missing: 'error',
  issue_severity_missing: 'error',
  issue_owner_missing: 'error',
  issue_root_cause_missing: 'error',
  issue_no_action: 'error',
  action_text_empty: 'error',
  action_owner_missing: 'error',
  action_due_missing: 'error',
  action_due_invalid: 'error',
  action_due_outside_period: 'error',
  action_carried_due_passed: 'error',
  action_status_missing: 'error',
  goal_not_smart: 'error',
  feedback_empty: 'error',
  feedback_not_a_number: 'error',
  feedback_negative: 'error',
  feedback_total_missing: 'error',
  feedback_segments_exceed_responses: 'error',
  feedback_resolved_exceed_complaints: 'error',
  feedback_csat_out_of_range: 'error',
  kpi_not_computed: 'error',
  kpi_stale: 'error',
  quarantined_content: 'error',
  // Outside every section, a block is in no section's checks, KPIs or exports where people expect it.
  block_outside_section: 'error',
}

/** Whether any problem blocks publishing. */
export function hasErrors(problems: readonly CheckProblem[]): boolean {
  return problems.some((p) => p.severity === 'error')
}

/** Severities that need an owner, a root cause and a linked action. */
const SERIOUS = new Set(['critical', 'high', 'medium'])
const SEGMENTS = ['promoters', 'passives', 'detractors'] as const
const FEEDBACK_FIELDS = ['responses', 'csat', ...SEGMENTS, 'complaints', 'complaintsResolved'] as const
type FeedbackField = (typeof FEEDBACK_FIELDS)[number]

/** An attribute as trimmed text ('' when unset); attributes are strings as typed, or null. */
const text = (v: unknown): string => (attrString(v) ?? '').trim()

/** A label cut to a readable length for a message. */
function snippet(s: string, max = 24): string {
  const chars = Array.from(s.replace(/\s+/g, ' ').trim())
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : chars.join('')
}

/** Formats a number back for a message without float noise (0.1 + 0.2 → 0.3). */
const num = (n: number): string => String(Number(n.toPrecision(12)))

/** A block of interest, with the key of the innermost section it is in. */
interface Located {
  node: PMNode
  section: string | undefined
}

/** Whether a section has content beyond headings and blank text (a structured block always counts). */
function sectionHasContent(section: PMNode): boolean {
  let content = false
  section.forEach((child) => {
    if (content || child.type.name === 'heading') return
    // A structured block is content even while unfilled: its own rules say what is missing.
    if (BLOCK_TYPES.has(child.type.name) || child.textContent.trim() !== '') content = true
  })
  return content
}

/**
 * Indices (into `seq`) of one longest strictly increasing subsequence: the
 * sections that are already in template order. Flagging only the others
 * names the one section moved out of place, not everything after it.
 */
function longestIncreasing(seq: readonly number[]): Set<number> {
  const tails: number[] = [] // index into seq of the smallest tail of an increasing run of length i + 1
  const prev: number[] = new Array<number>(seq.length).fill(-1)
  seq.forEach((v, i) => {
    let lo = 0
    let hi = tails.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (seq[tails[mid]!]! < v) lo = mid + 1
      else hi = mid
    }
    if (lo > 0) prev[i] = tails[lo - 1]!
    tails[lo] = i
  })
  const keep = new Set<number>()
  for (let i = tails.length > 0 ? tails[tails.length - 1]! : -1; i >= 0; i = prev[i]!) keep.add(i)
  return keep
}

export function checkReport(doc: PMNode, ctx: CheckContext): CheckProblem[] {
  const { template, locale } = ctx
  const dueIn = nextPeriod(ctx.period)
  // A bad period is the caller's bug; checking due dates against nothing would pass every one of them.
  if (!dueIn) throw new RangeError(`checkReport: period must be YYYY-MM, got ${JSON.stringify(ctx.period)}`)

  const problems: CheckProblem[] = []
  const report = <C extends Exclude<CheckCode, 'open_thread'>>(
    code: C,
    params: CheckMessageParams<C>,
    where: { blockId?: unknown; section?: string | undefined } = {},
  ) => {
    const blockId = text(where.blockId)
    problems.push({
      code,
      severity: CHECK_SEVERITY[code],
      message: checkMessage(code, locale, params),
      ...(blockId ? { blockId } : {}),
      ...(where.section ? { section: where.section } : {}),
    })
  }

  // One walk over the document: sections, the blocks of interest, and the section every block id is in.
  const sections: PMNode[] = []
  const blocks: Located[] = []
  const sectionOfBlock = new Map<string, string | undefined>()
  const walk = (parent: PMNode, section: string | undefined) => {
    parent.forEach((node) => {
      const inner = node.type.name === 'reportSection' ? text(node.attrs.key) : section
      if (node.type.name === 'reportSection') sections.push(node)
      const id = text(node.attrs.id)
      if (id && BLOCK_TYPES.has(node.type.name)) sectionOfBlock.set(id, inner)
      if (BLOCK_TYPES.has(node.type.name) && node.type.name !== 'reportSection') blocks.push({ node, section: inner })
      if (!node.isTextblock && !node.isAtom) walk(node, inner)
    })
  }
  walk(doc, undefined)

  const templateSections = [...template.sections, ...template.optionalSections]
  const sectionTitle = (key: string, node?: PMNode): string => {
    const known = templateSections.find((s) => s.key === key)
    const heading = node?.firstChild?.type.name === 'heading' ? node.firstChild.textContent.trim() : ''
    return quote(known?.title[locale] ?? (heading || key), locale)
  }

  // Sections: duplicates, presence and emptiness of required ones, template order.
  const firstByKey = new Map<string, PMNode>()
  for (const node of sections) {
    const key = text(node.attrs.key)
    if (firstByKey.has(key)) report('section_duplicate', { section: sectionTitle(key, node) }, { blockId: node.attrs.id, section: key })
    else firstByKey.set(key, node)
  }
  for (const tpl of template.sections) {
    if (!tpl.required) continue
    const node = firstByKey.get(tpl.key)
    if (!node) report('section_missing', { section: sectionTitle(tpl.key) }, { section: tpl.key })
    else if (!sectionHasContent(node)) report('section_empty', { section: sectionTitle(tpl.key, node) }, { blockId: node.attrs.id, section: tpl.key })
  }
  // Only the template's own sections have an order; optional and extra ones may go anywhere.
  const order = new Map(template.sections.map((s, i) => [s.key, i]))
  const placed = [...firstByKey.entries()].filter(([key]) => order.has(key)).map(([key, node]) => ({ key, node, rank: order.get(key)! }))
  const inOrder = longestIncreasing(placed.map((s) => s.rank))
  const kept = placed.filter((_, i) => inOrder.has(i))
  placed.forEach((s, i) => {
    if (inOrder.has(i)) return
    // Point at a section already in order: after the nearest one before it in the template, or before the first one after it.
    const before = kept.filter((k) => k.rank < s.rank).at(-1)
    const other = before ?? kept.find((k) => k.rank > s.rank)!
    report(
      'section_out_of_order',
      { section: sectionTitle(s.key, s.node), other: sectionTitle(other.key, other.node), after: before !== undefined },
      { blockId: s.node.attrs.id, section: s.key },
    )
  })

  // Content at the top level, outside every section (schema/outsideSection.ts); the server moves it on load, so this is what remains.
  for (const index of outsideSectionIndexes(doc)) {
    const node = doc.child(index)
    if (!BLOCK_TYPES.has(node.type.name) && node.textContent.trim() === '') continue // an empty paragraph holds nothing
    const labels = checkLabels.block as Record<string, Record<Locale, string>>
    const block = (labels[node.type.name] ?? checkLabels.block.other)[locale]
    report('block_outside_section', { block: locale === 'zh-CN' ? quote(block, locale) : block }, { blockId: node.attrs.id })
  }

  // What the rules about one block need to know about the others.
  const linkedIssues = new Set<string>()
  for (const { node } of blocks) {
    if (node.type.name === 'actionItem' && text(node.attrs.issueId)) linkedIssues.add(text(node.attrs.issueId))
  }
  // Reported on the later rows, so the first one keeps its key.
  const seenMetricKeys = new Set<string>()
  let kpis: KpiValue[] | undefined

  for (const { node, section } of blocks) {
    const a = node.attrs as Record<string, unknown>
    const where = { blockId: a.id, section }
    switch (node.type.name) {
      case 'metricRow': {
        const key = text(a.key)
        const metric = text(a.name) || key ? quote(text(a.name) || key, locale) : checkLabels.untitled.metric[locale]
        if (!key) report('metric_key_missing', { metric }, where)
        else if (seenMetricKeys.has(key)) report('metric_key_duplicate', { metric, key }, where)
        seenMetricKeys.add(key)
        if (!text(a.name)) report('metric_name_missing', { metric }, where)
        const current = parseNumber(text(a.current) || null)
        if (!current.ok && current.reason === 'missing') report('metric_current_missing', { metric }, where)
        else if (!current.ok) report('metric_current_not_a_number', { metric, value: quote(text(a.current), locale) }, where)
        if (text(a.target)) {
          if (!parseNumber(text(a.target)).ok) report('metric_target_not_a_number', { metric, value: quote(text(a.target), locale) }, where)
          if (a.direction !== 'higher' && a.direction !== 'lower') report('metric_direction_missing', { metric }, where)
        }
        if (text(a.previous) && !parseNumber(text(a.previous)).ok) {
          report('metric_previous_not_a_number', { metric, value: quote(text(a.previous), locale) }, where)
        }
        break
      }

      case 'issue': {
        const issue = text(a.title) ? quote(snippet(text(a.title)), locale) : checkLabels.untitled.issue[locale]
        if (!text(a.title)) report('issue_title_missing', {}, where)
        const severity = text(a.severity)
        if (!(ISSUE_SEVERITIES as readonly string[]).includes(severity)) {
          report('issue_severity_missing', { issue }, where)
          break
        }
        if (!SERIOUS.has(severity)) break
        const params = { issue, severity: checkLabels.severity[severity as keyof typeof checkLabels.severity][locale] }
        if (!text(a.owner)) report('issue_owner_missing', params, where)
        if (!text(a.rootCause)) report('issue_root_cause_missing', params, where)
        if (!text(a.id) || !linkedIssues.has(text(a.id))) report('issue_no_action', params, where)
        break
      }

      case 'actionItem': {
        const body = node.textContent.trim()
        const action = body ? quote(snippet(body), locale) : checkLabels.untitled.action[locale]
        if (!body) report('action_text_empty', {}, where)
        if (!text(a.owner)) report('action_owner_missing', { action }, where)
        // Carried-over actions are held to the same due rule: carrying one over means re-planning it for the next period.
        // One that arrives with last month's date (passed) is asked for a new date, not told it is outside the period.
        const due = text(a.due)
        if (!due) report('action_due_missing', { action }, where)
        else if (!isCalendarDate(due)) report('action_due_invalid', { action, due }, where)
        else if (text(a.carriedFrom) && due.slice(0, 7) < dueIn) report('action_carried_due_passed', { action, due, period: dueIn }, where)
        else if (due.slice(0, 7) !== dueIn) report('action_due_outside_period', { action, due, period: dueIn }, where)
        if (!(ACTION_STATUSES as readonly string[]).includes(text(a.status))) report('action_status_missing', { action }, where)
        break
      }

      case 'goal': {
        const gaps = goalGaps(a)
        if (gaps.length === 0) break
        const statement = node.textContent.trim() || text(a.metricKey)
        const goal = statement ? quote(snippet(statement), locale) : checkLabels.untitled.goal[locale]
        report('goal_not_smart', { goal, gaps }, where)
        break
      }

      case 'feedbackSummary':
        checkFeedback(node, section)
        break

      case 'kpiBlock': {
        kpis ??= computeReportKpis(doc, ctx.period, locale)
        const freshness = kpiFreshness(kpis, text(a.scope) || null, a.values)
        if (freshness === 'not_computed') report('kpi_not_computed', {}, where)
        else if (freshness === 'stale') report('kpi_stale', {}, where)
        break
      }

      case 'quarantine':
        report('quarantined_content', { type: text(a.originalType) || '?' }, where)
        break
    }
  }

  function checkFeedback(node: PMNode, section: string | undefined) {
    const a = node.attrs as Record<string, unknown>
    const where = { blockId: a.id, section }
    const fieldLabel = (f: FeedbackField) => quote(checkLabels.feedbackField[f][locale], locale)
    const themes: PMNode[] = []
    let summary = ''
    node.forEach((child) => {
      if (child.type.name === 'feedbackTheme') themes.push(child)
      else summary += child.textContent
    })
    if (themes.length === 0 && !summary.trim() && FEEDBACK_FIELDS.every((f) => !text(a[f]))) {
      report('feedback_empty', {}, where)
      return
    }

    // Each figure on its own: a number, not negative. Only good figures take part in the sums below.
    const value: Partial<Record<FeedbackField, number>> = {}
    for (const f of FEEDBACK_FIELDS) {
      const raw = text(a[f])
      if (!raw) continue
      const n = parseNumber(raw)
      if (!n.ok) report('feedback_not_a_number', { field: fieldLabel(f), value: raw }, where)
      else if (n.value < 0) report('feedback_negative', { field: fieldLabel(f), value: raw }, where)
      else value[f] = n.value
    }

    const given = SEGMENTS.filter((f) => text(a[f]))
    if (given.length > 0 && !text(a.responses)) {
      report('feedback_total_missing', { field: given.map(fieldLabel).join(locale === 'zh-CN' ? '、' : ', '), total: fieldLabel('responses') }, where)
    } else if (value.responses !== undefined && given.length > 0 && given.every((f) => value[f] !== undefined)) {
      const sum = given.reduce((s, f) => s + value[f]!, 0)
      if (sum > value.responses) report('feedback_segments_exceed_responses', { sum: num(sum), responses: num(value.responses) }, where)
    }
    if (text(a.complaintsResolved) && !text(a.complaints)) {
      report('feedback_total_missing', { field: fieldLabel('complaintsResolved'), total: fieldLabel('complaints') }, where)
    } else if (value.complaints !== undefined && value.complaintsResolved !== undefined && value.complaintsResolved > value.complaints) {
      report('feedback_resolved_exceed_complaints', { resolved: num(value.complaintsResolved), complaints: num(value.complaints) }, where)
    }
    // CSAT is stored as typed: a 1–5 score or a percentage ("86" or "86%"); on any of those scales above 100 is a typo.
    if (value.csat !== undefined && value.csat > 100) report('feedback_csat_out_of_range', { value: text(a.csat) }, where)

    for (const t of themes) {
      const raw = text(t.attrs.count)
      if (!raw) continue
      const name = t.textContent.trim() ? quote(snippet(t.textContent.trim()), locale) : checkLabels.untitled.theme[locale]
      const field = checkLabels.themeCount[locale](name)
      const n = parseNumber(raw)
      const at = { blockId: t.attrs.id, section }
      if (!n.ok) report('feedback_not_a_number', { field, value: raw }, at)
      else if (n.value < 0) report('feedback_negative', { field, value: raw }, at)
    }
  }

  // Open comment threads: the template decides whether they block publishing.
  for (const thread of ctx.openThreads ?? []) {
    const blockId = text(thread.blockId)
    const section = blockId ? sectionOfBlock.get(blockId) : undefined
    const sectionNode = section ? firstByKey.get(section) : undefined
    problems.push({
      code: 'open_thread',
      severity: ctx.openThreadSeverity ?? 'warning',
      message: checkMessage('open_thread', locale, { section: section ? sectionTitle(section, sectionNode) : null }),
      ...(blockId ? { blockId } : {}),
      ...(section ? { section } : {}),
    })
  }

  return problems
}
