/**
 * Reading a report body as ProseMirror JSON, without building a schema node:
 * exports and diffs must also cope with content the schema would refuse
 * (an old published version, a block type added later), so they walk the
 * JSON and read every attribute defensively.
 */
import type { KpiEntry } from '../kpi/parseKpiValues'
import type { JSONContent } from '@tiptap/core'
import { attrString } from '../nodes/readAttribute'

/** Escapes text for HTML/XML content and double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'))
}

/** An attribute as text: null, undefined, '' and values that are not text or numbers are null (readAttribute.ts). */
export function attr(node: JSONContent | undefined, name: string): string | null {
  return attrString(node?.attrs?.[name])
}

/** An attribute as text, '' when empty. */
export const attrText = (node: JSONContent | undefined, name: string): string => attr(node, name) ?? ''

/**
 * A table entry by a key read from a document: own keys only, so a node
 * type or value like "constructor" never finds Object.prototype's.
 */
export function own<V>(table: Readonly<Record<string, V>> | undefined, key: string | null | undefined): V | undefined {
  return table && key != null && Object.hasOwn(table, key) ? table[key] : undefined
}

export const children = (node: JSONContent | undefined): JSONContent[] => (Array.isArray(node?.content) ? node.content : [])

const INLINE_LEAVES: Record<string, string> = { hardBreak: '\n' }

/**
 * The text of a node: inline text concatenated, block children joined by a
 * line break. `skip` leaves out children (e.g. the rows of a table, which are
 * blocks of their own).
 */
export function textOf(node: JSONContent, skip?: (child: JSONContent) => boolean): string {
  if (node.type === 'text') return typeof node.text === 'string' ? node.text : ''
  const leaf = own(INLINE_LEAVES, node.type)
  if (leaf !== undefined) return leaf
  const kids = children(node).filter((c) => !skip?.(c))
  if (kids.length === 0) return ''
  const inline = kids.every((c) => c.type === 'text' || own(INLINE_LEAVES, c.type) !== undefined)
  return kids.map((c) => textOf(c, skip)).join(inline ? '' : '\n')
}

/** The first `max` characters of a text on one line, with "…" when cut. */
export function excerpt(text: string, max = 20): string {
  const line = text.replace(/\s+/g, ' ').trim()
  const chars = Array.from(line)
  return chars.length <= max ? line : `${chars.slice(0, max).join('')}…`
}

/** A value with its unit: "92.1%" (no space before a percent sign), "18 秒"; `empty` when there is no value. */
export function withUnit(value: string | null, unit: string, empty: string): string {
  if (value == null) return empty
  if (!unit) return value
  return /^[%‰‱]$/.test(unit) ? `${value}${unit}` : `${value} ${unit}`
}

/** A link target that is safe to put in an exported document: http(s), mailto or tel only. */
export function safeHref(raw: unknown): string | null {
  if (typeof raw !== 'string') return null
  const href = raw.trim()
  // Control characters can hide a scheme from a naive check ("java\tscript:").
  if (href === '' || Array.from(href).some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return null
  return /^(https?:\/\/|mailto:|tel:)/i.test(href) ? href : null
}

/** One KPI value as a KPI block shows it (stored `values`, or built from a KpiValue). */
export type KpiShown = Omit<KpiEntry, 'inputs' | 'inputRefs'>

/** The KPI key prefix a KPI block of a scope shows (as the server writes it). */
export { kpiScopePrefix } from '../blocks/kpiBlock/kpiScopePrefix'
