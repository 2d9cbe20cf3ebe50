/**
 * The server's one way from a report body (Y.XmlFragment) to ProseMirror:
 * every server-side reader (GET /content, KPIs, snapshots, check, publish,
 * diff) goes through here, by readReport.ts (once per document version).
 *
 * Why not y-tiptap's yXmlFragmentToProseMirrorRootNode: when it cannot
 * convert an element or a text (an unknown mark, an unknown node, an
 * attribute ProseMirror refuses) it DELETES it from the Y.Doc, and on the
 * server that deletion is stored and relayed to every editor. This
 * conversion never changes the document. What it cannot convert, or what is
 * offending (offendingBlock.ts), is replaced in the result by a `quarantine`
 * node holding a bounded description of it, and reported, so that the
 * caller can quarantine it in the document itself (quarantineOffending.ts).
 *
 * The replaced node is the offending one if its parent accepts a quarantine
 * block in its place, else its nearest ancestor that does (text with an
 * unknown mark: its paragraph; a heading: its section): the result always
 * fits the schema where the document did.
 */
import * as Y from 'yjs'
import { Fragment, type Mark, type Node as PMNode } from '@tiptap/pm/model'
import { newBlockId } from '@schema/blockId'
import { reportSchema } from '@schema/reportSchema'
import { elementProblem, markNameOf, textProblem } from './offendingBlock'
import { valueTooDeep } from './documentLimits'

/** Content that was replaced by a quarantine node. */
export interface Offense {
  /** The Y type to replace in the document (an element, or a text directly in the body). */
  target: Y.XmlElement | Y.XmlText
  reason: string
  /**
   * Set when the target's parent takes no block in its place: the target is
   * removed, and its quarantine block goes right after `after` (an ancestor,
   * or an ancestor's sibling, in a place that takes blocks).
   */
  after?: Y.XmlElement | Y.XmlText
}

/** Longest description kept of a quarantined block (the `raw` attribute shown in the editor). */
export const MAX_RAW_CHARS = 64 * 1024

class Offending extends Error {
  constructor(
    readonly target: Y.XmlElement | Y.XmlText,
    readonly reason: string,
  ) {
    super(reason)
  }
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** A value as text without calling anything on it (no toString, no toJSON of hostile objects), bounded. */
function describeValue(value: unknown, maxDepth: number): string {
  if (value === null || value === undefined) return String(value)
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value)
  if (typeof value !== 'object') return `[${typeof value}]`
  if (valueTooDeep(value, maxDepth)) return `[a value nested ${maxDepth} levels deep or more]`
  try {
    // A replacer reads own data only: a "toJSON" or "toString" key is data, never called.
    const text = JSON.stringify(value, function (this: unknown, key: string, v: unknown) {
      return key === '' && typeof v === 'object' ? v : typeof v === 'function' ? '[function]' : v
    })
    return text ?? '[value]'
  } catch (err) {
    return `[a value that cannot be written as JSON: ${(err as Error).message}]`
  }
}

/**
 * Raw XML of a Y type, as Y.XmlElement#toString writes it but safe for any
 * content and bounded: attribute values through describeValue, nesting and
 * length cut off with a note.
 */
export function rawXml(type: Y.XmlElement | Y.XmlText, maxDepth: number, maxChars = MAX_RAW_CHARS): string {
  const parts: string[] = []
  let length = 0
  let cut = false
  const push = (s: string) => {
    if (cut) return
    if (length + s.length > maxChars) {
      parts.push(s.slice(0, Math.max(0, maxChars - length)))
      cut = true
    } else parts.push(s)
    length += s.length
  }
  const attrsOf = (record: Record<string, unknown>) =>
    Object.keys(record)
      .sort()
      .map((k) => ` ${escapeXml(k)}="${escapeXml(describeValue(record[k], maxDepth))}"`)
      .join('')
  const walk = (t: Y.AbstractType<unknown>, depth: number) => {
    if (cut) return
    if (depth > maxDepth) {
      push('<!-- nested deeper than the limit: not shown -->')
      return
    }
    if (t instanceof Y.XmlText) {
      for (const op of t.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
        const marks = Object.keys(op.attributes ?? {}).sort()
        for (const m of marks) {
          const value = op.attributes![m]
          const shown =
            typeof value === 'object' && value !== null && !Array.isArray(value) && !valueTooDeep(value, maxDepth)
              ? attrsOf(value as Record<string, unknown>)
              : value === null
                ? ''
                : attrsOf({ value })
          push(`<${escapeXml(m)}${shown}>`)
        }
        push(typeof op.insert === 'string' ? escapeXml(op.insert) : `[embedded ${escapeXml(describeValue(op.insert, maxDepth))}]`)
        for (const m of marks.reverse()) push(`</${escapeXml(m)}>`)
      }
    } else if (t instanceof Y.XmlElement) {
      push(`<${escapeXml(t.nodeName)}${attrsOf(t.getAttributes() as Record<string, unknown>)}>`)
      for (const child of t.toArray()) walk(child as Y.AbstractType<unknown>, depth + 1)
      push(`</${escapeXml(t.nodeName)}>`)
    } else {
      push(`[${t.constructor.name}]`)
    }
  }
  walk(type as unknown as Y.AbstractType<unknown>, 1)
  if (cut) parts.push(`… (cut: ${length} characters in all)`)
  return parts.join('')
}

/** Name of a quarantined Y type, for `originalType`. */
export const typeNameOf = (t: Y.XmlElement | Y.XmlText): string => (t instanceof Y.XmlElement ? t.nodeName : '#text')

/** The quarantine block's attributes for an offending Y type (the reason first, then its raw XML). */
export function quarantineAttributes(target: Y.XmlElement | Y.XmlText, reason: string, maxDepth: number, at: string) {
  return {
    id: newBlockId(),
    originalType: typeNameOf(target).slice(0, 200),
    raw: `<!-- quarantined: ${reason.replace(/--/g, '- -')} -->\n${rawXml(target, maxDepth)}`,
    quarantinedAt: at,
  }
}

/** An offending element taken out of a parent that takes no block, its quarantine block to be placed further up. */
interface Displaced {
  offense: Offending
  node: PMNode
}

interface Converted {
  nodes: PMNode[]
  /** Quarantine blocks of content removed from inside, waiting for a place that takes blocks. */
  displaced: Displaced[]
}

function marksOf(attributes: Record<string, unknown> | undefined): Mark[] {
  const marks: Mark[] = []
  for (const key of Object.keys(attributes ?? {})) {
    marks.push(reportSchema.mark(markNameOf(key), attributes![key] as Record<string, unknown> | null))
  }
  return marks
}

/**
 * Converts the body. `offenses` lists what the result holds as quarantine
 * nodes instead; the document itself is not touched.
 */
export function bodyToProseMirror(fragment: Y.XmlFragment, maxDepth: number): { doc: PMNode; offenses: Offense[] } {
  const offenses: Offense[] = []
  const at = new Date().toISOString()
  const quarantineNode = (o: Offending) =>
    reportSchema.nodes.quarantine!.create(quarantineAttributes(o.target, o.reason, maxDepth, at))

  /**
   * Converts the children of `parent` (`owner`, or the body when null). An
   * offending child is, in this order of preference:
   * 1. replaced in place by its quarantine block, where the parent takes one;
   * 2. taken out, its quarantine block placed after the nearest ancestor
   *    that takes blocks, where the parent stays valid without it (one bad
   *    row of a metrics table: the other rows stay editable);
   * 3. else the parent itself is offending (Offending thrown for `owner`).
   * Text is never taken out of its block: the block is offending.
   */
  const children = (parent: Y.XmlFragment | Y.XmlElement, owner: Y.XmlElement | null, depth: number): Converted => {
    const out: (PMNode | Offending)[] = []
    /** Quarantine blocks displaced from inside a child, by the index in `out` of the node they follow. */
    const below = new Map<number, { from: Y.XmlElement; displaced: Displaced[] }>()
    for (const child of parent.toArray()) {
      if (child instanceof Y.XmlElement) {
        try {
          const converted = element(child, depth + 1)
          out.push(...converted.nodes)
          if (converted.displaced.length > 0) below.set(out.length - 1, { from: child, displaced: converted.displaced })
        } catch (err) {
          if (!(err instanceof Offending)) throw err
          out.push(err)
        }
      } else if (child instanceof Y.XmlText) {
        const problem = textProblem(child, maxDepth)
        try {
          if (problem) throw new Offending(child, problem)
          for (const op of child.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
            if (typeof op.insert !== 'string') throw new Offending(child, 'text holding an embedded object')
            out.push(reportSchema.text(op.insert, marksOf(op.attributes)))
          }
        } catch (err) {
          out.push(err instanceof Offending ? err : new Offending(child, (err as Error).message))
        }
      } else {
        out.push(new Offending(owner ?? (child as unknown as Y.XmlElement), `unsupported content ${(child as object).constructor.name}`))
      }
    }
    const failed = out.filter((x): x is Offending => x instanceof Offending)
    if (failed.length === 0 && below.size === 0) return { nodes: out as PMNode[], displaced: [] }
    const parentType = owner ? reportSchema.nodes[owner.nodeName]! : reportSchema.topNodeType
    const escalate = owner !== null && failed.some((f) => f.target instanceof Y.XmlText || f.target === owner)
    const reasonOf = () => failed.map((f) => (f.target === owner ? f.reason : `${typeNameOf(f.target)}: ${f.reason}`)).join('; ')
    if (escalate) throw new Offending(owner, reasonOf())

    // 1. In place, with what was displaced from below following the child it came from.
    const inPlace: PMNode[] = []
    const placedAfter: { displaced: Displaced; after: Y.XmlElement | Y.XmlText }[] = []
    out.forEach((x, i) => {
      inPlace.push(x instanceof Offending ? quarantineNode(x) : x)
      const from = below.get(i)
      for (const d of from?.displaced ?? []) {
        inPlace.push(d.node)
        placedAfter.push({ displaced: d, after: from!.from })
      }
    })
    if (!owner || parentType.validContent(Fragment.from(inPlace))) {
      offenses.push(...failed.map((f) => ({ target: f.target, reason: f.reason })))
      for (const { displaced, after } of placedAfter) offenses.push({ target: displaced.offense.target, reason: displaced.offense.reason, after })
      return { nodes: inPlace, displaced: [] }
    }
    // 2. Taken out, to be placed further up.
    const without = out.filter((x): x is PMNode => !(x instanceof Offending))
    if (without.length > 0 && parentType.validContent(Fragment.from(without))) {
      const displaced = [...failed.map((f) => ({ offense: f, node: quarantineNode(f) })), ...[...below.values()].flatMap((b) => b.displaced)]
      return { nodes: without, displaced }
    }
    // 3. The parent as a whole.
    throw new Offending(owner, reasonOf() || [...below.values()].flatMap((b) => b.displaced).map((d) => `${typeNameOf(d.offense.target)}: ${d.offense.reason}`).join('; '))
  }

  const element = (el: Y.XmlElement, depth: number): Converted => {
    if (depth > maxDepth) throw new Offending(el, `elements nested deeper than ${maxDepth}`)
    const problem = elementProblem(el, maxDepth)
    if (problem) throw new Offending(el, problem)
    const content = children(el, el, depth)
    try {
      return { nodes: [reportSchema.node(el.nodeName, el.getAttributes() as Record<string, unknown>, content.nodes)], displaced: content.displaced }
    } catch (err) {
      throw new Offending(el, (err as Error).message)
    }
  }

  const top = children(fragment, null, 0)
  const doc = reportSchema.topNodeType.create(null, top.nodes)
  return { doc, offenses }
}
