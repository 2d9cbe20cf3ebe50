/**
 * THE one definition of "offending" content in a stored or live report body:
 * content the server must not hand to ProseMirror, y-tiptap or its own
 * readers as it is, because converting it throws, or y-tiptap would delete
 * it (in every editor, and in the server's own conversions), or a reader of
 * its values would fail (`String(v)` of `{"toString":"x"}`, recursion over a
 * value thousands of levels deep). Such content is quarantined, never
 * dropped (quarantineOffending.ts, bodyToProseMirror.ts).
 *
 * Offending are:
 * - an element whose node type the schema does not know;
 * - an element attribute its node type does not have, or whose value is not a string, number, boolean or
 *   null, or a string longer than MAX_ATTRIBUTE_CHARS, or a value the store
 *   could not read (UNREADABLE_VALUE_PREFIX, storage/boundUpdateValues.ts);
 * - text formatted with a mark the schema does not know, or whose mark
 *   attributes are not an object of such values (nested too deeply,
 *   hostile objects) or hold attributes the mark does not have;
 * - text holding embedded objects or types (reports have none).
 * Anything that still fails to convert is offending too (bodyToProseMirror).
 *
 * For the lead: the per-block attribute schemas (schema/nodes/attributeSchemas.ts,
 * validated at entry) belong in `elementProblem` below, so that stored
 * content that breaks them is quarantined the same way.
 */
import * as Y from 'yjs'
import { reportSchema } from '@schema/reportSchema'
import { UNREADABLE_VALUE_PREFIX } from '../storage/boundUpdateValues'
import { attributeValueProblem, markAttributesProblem, valueTooDeep } from './documentLimits'

/** y-tiptap writes a mark that may overlap itself as `<name>--<8 characters of hash>`. */
const HASHED_MARK = /(.*)(--[a-zA-Z0-9+/=]{8})$/
export const markNameOf = (formatKey: string): string => HASHED_MARK.exec(formatKey)?.[1] ?? formatKey

const clip = (s: string, n = 64) => (s.length > n ? `${s.slice(0, n)}…` : s)

/** Why an attribute value makes its block offending (null: it does not). */
function valueProblem(value: unknown, maxDepth: number): string | null {
  if (typeof value === 'string' && value.startsWith(UNREADABLE_VALUE_PREFIX)) return value.slice(UNREADABLE_VALUE_PREFIX.length).trim()
  if (typeof value === 'object' && value !== null && valueTooDeep(value, maxDepth)) {
    return `a value nested ${maxDepth} levels deep or more`
  }
  return attributeValueProblem(value)
}

/** Why an element is offending by itself (its type and attributes; its children are looked at on their own). */
export function elementProblem(el: Y.XmlElement, maxDepth: number): string | null {
  if (!Object.hasOwn(reportSchema.nodes, el.nodeName)) return `unknown node type "${clip(el.nodeName)}"`
  const known = reportSchema.nodes[el.nodeName]!.spec.attrs ?? {}
  const attrs = el.getAttributes() as Record<string, unknown>
  for (const key of Object.keys(attrs)) {
    // ProseMirror would leave it out and the editors then delete it: kept by quarantining the block.
    if (!Object.hasOwn(known, key)) return `unknown attribute "${clip(key)}"`
    const problem = valueProblem(attrs[key], maxDepth)
    if (problem) return `attribute "${clip(key)}": ${problem}`
  }
  return null
}

/** Why a text is offending: its formatting (marks) and anything embedded in it. */
export function textProblem(text: Y.XmlText, maxDepth: number): string | null {
  for (let item = text._start; item !== null; item = item.right as Y.Item | null) {
    if (item.deleted) continue
    const content = item.content
    if (content instanceof Y.ContentFormat) {
      const name = markNameOf(content.key)
      if (!Object.hasOwn(reportSchema.marks, name)) return `text formatted with the unknown mark "${clip(name)}"`
      const value = content.value as unknown
      if (typeof value === 'string' && value.startsWith(UNREADABLE_VALUE_PREFIX)) return value.slice(UNREADABLE_VALUE_PREFIX.length).trim()
      if (valueTooDeep(value, maxDepth)) return `mark "${clip(name)}" with attributes nested ${maxDepth} levels deep or more`
      const problem = markAttributesProblem(value)
      if (problem) return `mark "${clip(name)}": ${problem}`
      const known = reportSchema.marks[name]!.spec.attrs ?? {}
      const unknown = value ? Object.keys(value).find((k) => !Object.hasOwn(known, k)) : undefined
      if (unknown !== undefined) return `mark "${clip(name)}" with the unknown attribute "${clip(unknown)}"`
    } else if (content instanceof Y.ContentEmbed || content instanceof Y.ContentType || content instanceof Y.ContentAny) {
      return 'text holding an embedded object'
    }
  }
  return null
}
