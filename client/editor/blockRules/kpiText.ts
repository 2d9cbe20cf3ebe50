/**
 * A KPI value in the UI language: its label, formula, reason and inputs. The
 * server writes KPI blocks in the report's language (exports follow it); the
 * editor shows them in the reader's, read from the KPI's key and inputs.
 */
import type { Node as PMNode } from '@tiptap/pm/model'
import type { KpiEntry, KpiInputRef } from '@schema/kpi/parseKpiValues'
import { blockDefinition } from '@schema/blocks/blockRegistry'
import { captionOf } from '@schema/blocks/captionOf'
import type { Locale } from '@schema/templates/ReportTemplate'
import { messages, type MessageKey } from '../../i18n/messages'

type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string

const messageKeys: ReadonlySet<string> = new Set(Object.keys(messages.en))

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

/** A block as readers know it: by its caption (a metric row's name, an issue's title, an action's text), else by its kind. */
export function blockName(doc: PMNode, blockId: string, t: Translate): string | null {
  if (!blockId) return null
  let found: string | null = null
  doc.descendants((node) => {
    if (found !== null) return false
    if (node.attrs.id !== blockId) return !node.isTextblock
    const kind = `block.name.${node.type.name}` as MessageKey
    found = captionOf(node) || (messageKeys.has(kind) ? t(kind) : node.type.name)
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

/**
 * An input's value in words: an enumerated value of its block (severity,
 * status, direction) as the block's labels say it, SMART as complete or not,
 * numbers as typed, "—" when empty.
 */
export function kpiInputValue(input: KpiInputRef, blockType: string | null, locale: Locale, t: Translate): string {
  const v = input.value
  if (!v) return '—'
  if (input.field === 'goal') return v === 'complete' || v === 'incomplete' ? t(`kpi.goal.${v}`) : v
  const values = blockType ? blockDefinition(blockType)?.labels.values?.[input.field] : undefined
  return values?.[v]?.[locale] ?? v
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
