/**
 * The KPIs of a report, computed from its blocks (the list is in the README,
 * "The report"). Pure: a ProseMirror document in, values with provenance out —
 * the formula, every input with the block it came from, the period. A value
 * that cannot be computed is `null` with the reason, shown as "—".
 */
import type { Node as PMNode } from '@tiptap/pm/model'
import type { Locale } from '../templates/ReportTemplate'
import type { Derived, DerivedReason } from './Derived'
import { none, value } from './Derived'
import { attainment, metricStatus, momChange, nps, ratio, type Direction } from './metricFormulas'
import { parseNumber } from './parseNumber'
import { attrString } from '../nodes/readAttribute'
import { blockDefinition } from '../blocks/blockRegistry'
import { isSmartComplete } from '../blocks/goal/goalGaps'
import { ISSUE_SEVERITIES } from '../blocks/issue/IssueBlock'
import type { KpiSources } from './BlockKpi'

export interface KpiInput {
  blockId: string | null
  field: string
  value: string | null
}

export interface KpiValue {
  key: string
  label: string
  value: number | null
  /** Why there is no value. */
  reason?: DerivedReason
  /** How the value reads in the report: `+5.2%`, `41.0`, `3 / 5`, `—`. */
  display: string
  formula: string
  inputs: KpiInput[]
  period: string
}

type Unit = 'percent' | 'number' | 'fraction'

const str = attrString

function format(d: Derived, unit: Unit, signed = false): string {
  if (!d.ok) return '—'
  if (unit === 'percent') {
    const pct = d.value * 100
    return `${signed && pct > 0 ? '+' : ''}${pct.toFixed(1)}%`
  }
  return Number.isInteger(d.value) ? String(d.value) : d.value.toFixed(1)
}

const labels = {
  mom: { 'zh-CN': '环比', en: 'MoM' },
  attainment: { 'zh-CN': '目标达成率', en: 'attainment' },
  metricsMet: { 'zh-CN': '达标指标', en: 'Metrics met' },
  issuesBySeverity: { 'zh-CN': '问题（按严重度）', en: 'Issues by severity' },
  issueResolution: { 'zh-CN': '问题解决率', en: 'Issue resolution rate' },
  actionCompletion: { 'zh-CN': '本月行动完成率', en: 'Action completion (this month)' },
  carriedCompletion: { 'zh-CN': '结转行动完成率', en: 'Carried-over action completion' },
  smartGoals: { 'zh-CN': 'SMART 目标', en: 'SMART-complete goals' },
  nps: { 'zh-CN': 'NPS', en: 'NPS' },
  csat: { 'zh-CN': '客户满意度 CSAT', en: 'CSAT' },
  complaintResolution: { 'zh-CN': '投诉解决率', en: 'Complaint resolution rate' },
  grossMargin: { 'zh-CN': '毛利率', en: 'Gross margin' },
} satisfies Record<string, Record<Locale, string>>

export function computeReportKpis(doc: PMNode, period: string, locale: Locale): KpiValue[] {
  const out: KpiValue[] = []
  const add = (key: string, label: string, d: Derived, unit: Unit, formula: string, inputs: KpiInput[], signed = false) =>
    out.push({
      key,
      label,
      value: d.ok ? d.value : null,
      ...(d.ok ? {} : { reason: d.reason }),
      display: format(d, unit, signed),
      formula,
      inputs,
      period,
    })
  const count = (key: string, label: string, part: number, whole: number, formula: string, inputs: KpiInput[]) =>
    out.push({
      key,
      label,
      value: whole === 0 ? null : part / whole,
      ...(whole === 0 ? { reason: 'zero_divisor' as const } : {}),
      display: whole === 0 ? '—' : `${part} / ${whole}`,
      formula,
      inputs,
      period,
    })

  // Each block that feeds the KPIs adds itself (its `kpi`); the KPIs do not look inside it.
  const sources: KpiSources = { metrics: [], issues: [], actions: [], goals: [], feedback: null }
  doc.descendants((node) => {
    const kpi = blockDefinition(node.type.name)?.kpi
    if (!kpi) return !node.isTextblock
    kpi(node, sources)
    return false
  })
  const { metrics, issues, actions, goals, feedback } = sources

  // Per metric row: MoM change and target attainment.
  let withTarget = 0
  let met = 0
  const metInputs: KpiInput[] = []
  for (const { id, attrs } of metrics) {
    const key = str(attrs.key) ?? id ?? '?'
    const name = str(attrs.name) ?? key
    const current = str(attrs.current)
    const previous = str(attrs.previous)
    const target = str(attrs.target)
    const direction: Direction = attrs.direction === 'lower' ? 'lower' : 'higher'
    const cur = { blockId: id, field: 'current', value: current }
    add(`metric.${key}.mom`, `${name} ${labels.mom[locale]}`, momChange(current, previous), 'percent', '(current − previous) / |previous|', [cur, { blockId: id, field: 'previous', value: previous }], true)
    add(
      `metric.${key}.attainment`,
      `${name} ${labels.attainment[locale]}`,
      attainment(current, target, direction),
      'percent',
      direction === 'lower' ? 'target / current (lower is better)' : 'current / target',
      [cur, { blockId: id, field: 'target', value: target }, { blockId: id, field: 'direction', value: direction }],
    )
    const status = metricStatus(current, target, direction)
    if (status === 'met' || status === 'missed') {
      withTarget++
      if (status === 'met') met++
      metInputs.push(cur, { blockId: id, field: 'target', value: target })
    }
  }
  count('summary.metricsMet', labels.metricsMet[locale], met, withTarget, 'metrics met / metrics with a target', metInputs)

  // Issues.
  const bySeverity = ISSUE_SEVERITIES.map((s) => issues.filter((i) => i.severity === s).length)
  out.push({
    key: 'summary.issuesBySeverity',
    label: labels.issuesBySeverity[locale],
    value: issues.length,
    display: bySeverity.join(' / '),
    formula: 'count of issues: critical / high / medium / low',
    inputs: issues.map((i) => ({ blockId: str(i.id), field: 'severity', value: str(i.severity) })),
    period,
  })
  const resolved = issues.filter((i) => i.status === 'resolved').length
  count('summary.issueResolution', labels.issueResolution[locale], resolved, issues.length, 'resolved issues / issues', issues.map((i) => ({ blockId: str(i.id), field: 'status', value: str(i.status) })))

  // Actions: this month's, and those carried over from last month.
  const own = actions.filter((a) => !str(a.carriedFrom))
  const carried = actions.filter((a) => str(a.carriedFrom))
  const statusInputs = (list: Record<string, unknown>[]) => list.map((a) => ({ blockId: str(a.id), field: 'status', value: str(a.status) }))
  count('summary.actionCompletion', labels.actionCompletion[locale], own.filter((a) => a.status === 'done').length, own.length, 'done actions / actions (not carried over)', statusInputs(own))
  count('summary.carriedCompletion', labels.carriedCompletion[locale], carried.filter((a) => a.status === 'done').length, carried.length, 'done carried-over actions / carried-over actions', statusInputs(carried))

  // Goals.
  count('summary.smartGoals', labels.smartGoals[locale], goals.filter(isSmartComplete).length, goals.length, 'SMART-complete goals / goals', goals.map((g) => ({ blockId: str(g.id), field: 'goal', value: isSmartComplete(g) ? 'complete' : 'incomplete' })))

  // Customer feedback.
  const fb: Record<string, unknown> = feedback ?? {}
  const fbIn = (field: string): KpiInput => ({ blockId: str(fb.id), field, value: str(fb[field]) })
  add('summary.nps', labels.nps[locale], nps(str(fb.promoters), str(fb.detractors), str(fb.responses)), 'number', '(promoters − detractors) / responses × 100', [fbIn('promoters'), fbIn('detractors'), fbIn('responses')])
  add('summary.csat', labels.csat[locale], parseNumber(str(fb.csat)), 'number', 'csat as surveyed', [fbIn('csat')])
  add('summary.complaintResolution', labels.complaintResolution[locale], ratio(str(fb.complaintsResolved), str(fb.complaints)), 'percent', 'resolved complaints / complaints', [fbIn('complaintsResolved'), fbIn('complaints')])

  // Gross margin, when both a revenue and a cost row exist.
  const revenue = metrics.find((m) => m.attrs.key === 'revenue')
  const cost = metrics.find((m) => m.attrs.key === 'cost')
  if (revenue && cost) {
    const r = parseNumber(str(revenue.attrs.current))
    const c = parseNumber(str(cost.attrs.current))
    const margin: Derived = !r.ok ? r : !c.ok ? c : r.value === 0 ? none('zero_divisor') : value((r.value - c.value) / r.value)
    add('summary.grossMargin', labels.grossMargin[locale], margin, 'percent', '(revenue − cost) / revenue', [
      { blockId: revenue.id, field: 'current', value: str(revenue.attrs.current) },
      { blockId: cost.id, field: 'current', value: str(cost.attrs.current) },
    ])
  }
  return out
}
