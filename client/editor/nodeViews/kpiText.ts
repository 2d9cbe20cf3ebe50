/**
 * A KPI value in the UI language: its label, formula, reason and inputs. The
 * server writes KPI blocks in the report's language (exports follow it); the
 * editor shows them in the reader's, read from the KPI's key and inputs.
 */
import type { Node as PMNode } from '@tiptap/pm/model'
import type { KpiEntry, KpiInputRef } from '@schema/kpi/kpiFreshness'
import type { MessageKey } from '../../i18n/messages'

type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string

const SUMMARY = [
  'metricsMet',
  'issuesBySeverity',
  'issueResolution',
  'actionCompletion',
  'carriedCompletion',
  'smartGoals',
  'nps',
  'csat',
  'complaintResolution',
  'grossMargin',
] as const
type SummaryKind = (typeof SUMMARY)[number]

/** What a KPI key means: a metric row's MoM or attainment, or one of the summary values. */
export type KpiKind = { kind: 'mom' | 'attainment'; metricKey: string } | { kind: SummaryKind } | { kind: 'unknown' }

export function kpiKind(key: string): KpiKind {
  const metric = /^metric\.(.+)\.(mom|attainment)$/.exec(key)
  if (metric) return { kind: metric[2] as 'mom' | 'attainment', metricKey: metric[1]! }
  const summary = /^summary\.(\w+)$/.exec(key)?.[1]
  if (summary && (SUMMARY as readonly string[]).includes(summary)) return { kind: summary as SummaryKind }
  return { kind: 'unknown' }
}

/** A block as readers know it: a metric row by its name, an issue by its title, other blocks by their text or kind. */
export function blockName(doc: PMNode, blockId: string, t: Translate): string | null {
  if (!blockId) return null
  let found: string | null = null
  doc.descendants((node) => {
    if (found !== null) return false
    if (node.attrs.id !== blockId) return !node.isTextblock
    const a = node.attrs as Record<string, unknown>
    const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '')
    const clip = (s: string) => (s.length > 24 ? `${s.slice(0, 24)}…` : s)
    switch (node.type.name) {
      case 'metricRow':
        found = text(a.name) || text(a.key) || t('block.name.metricRow')
        break
      case 'issue':
        found = text(a.title) || t('block.name.issue')
        break
      case 'actionItem':
      case 'goal':
        found = clip(node.textContent.trim()) || t(`block.name.${node.type.name}`)
        break
      default:
        found = t(`block.name.${node.type.name}` as MessageKey) ?? node.type.name
    }
    return false
  })
  return found
}

/** The KPI's label in the UI language; the metric's own name is the user's text and stays as written. */
export function kpiLabel(entry: KpiEntry, doc: PMNode, t: Translate): string {
  const k = kpiKind(entry.key)
  if (k.kind === 'unknown') return entry.label
  if (k.kind === 'mom' || k.kind === 'attainment') {
    const name = blockName(doc, entry.inputRefs[0]?.blockId ?? '', t) ?? k.metricKey
    return t(`kpi.label.${k.kind}`, { name })
  }
  return t(`kpi.label.${k.kind}`)
}

/** The formula in words of the UI language (attainment reads the other way round when lower is better). */
export function kpiFormula(entry: KpiEntry, t: Translate): string {
  const k = kpiKind(entry.key)
  if (k.kind === 'unknown') return entry.formula
  if (k.kind === 'attainment') {
    const lower = entry.inputRefs.some((i) => i.field === 'direction' && i.value === 'lower')
    return t(lower ? 'kpi.formula.attainmentLower' : 'kpi.formula.attainment')
  }
  return t(`kpi.formula.${k.kind}`)
}

const REASONS = ['missing', 'not_a_number', 'zero_divisor', 'no_target'] as const

/** Why there is no value, in words; a code the client does not know is shown as it is. */
export function kpiReason(reason: string, t: Translate): string {
  return (REASONS as readonly string[]).includes(reason) ? t(`nv.reason.${reason as (typeof REASONS)[number]}`) : reason
}

const FIELDS = [
  'current',
  'previous',
  'target',
  'direction',
  'severity',
  'status',
  'goal',
  'promoters',
  'detractors',
  'responses',
  'csat',
  'complaints',
  'complaintsResolved',
] as const

/** An input's field in words. */
export function kpiInputField(input: KpiInputRef, t: Translate): string {
  return (FIELDS as readonly string[]).includes(input.field) ? t(`kpi.field.${input.field as (typeof FIELDS)[number]}`) : input.field
}

/** An input's value in words: codes (severity, status, direction, SMART) translated, numbers as typed, "—" when empty. */
export function kpiInputValue(input: KpiInputRef, blockType: string | null, t: Translate): string {
  const v = input.value
  if (!v) return '—'
  const known = (key: string): string | null => {
    const text = t(key as MessageKey)
    return text && text !== key ? text : null
  }
  switch (input.field) {
    case 'severity':
      return known(`nv.severity.${v}`) ?? v
    case 'direction':
      return known(`nv.direction.${v}`) ?? v
    case 'goal':
      return known(`kpi.goal.${v}`) ?? v
    case 'status':
      return (blockType === 'issue' ? known(`nv.issueStatus.${v}`) : known(`nv.actionStatus.${v}`)) ?? v
    default:
      return v
  }
}

/** The type of the block with this id, if it is in the document. */
export function blockType(doc: PMNode, blockId: string): string | null {
  if (!blockId) return null
  let found: string | null = null
  doc.descendants((node) => {
    if (found !== null) return false
    if (node.attrs.id === blockId) {
      found = node.type.name
      return false
    }
    return !node.isTextblock
  })
  return found
}
