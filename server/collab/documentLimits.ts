/**
 * The limits every way into a report body shares: a socket update
 * (updateShape.ts reads them from the update's bytes), document JSON over
 * REST (content PUT, snapshot restore, report creation), and what a stored
 * report may hold once loaded (boundUpdateValues.ts, offendingBlock.ts).
 *
 * - Elements nest at most `maxDepth` levels (MAX_NESTING_DEPTH).
 * - A value (an attribute, a mark's attributes) nests containers (objects,
 *   arrays) less deeply than `maxDepth`: the socket's rule for Yjs values.
 *   Everything that reads the body (lib0's readAny, JSON.stringify,
 *   ProseMirror) recurses once per level; a value of ~5,000 levels can be
 *   written but no longer read back, one of ~50,000 no longer encoded.
 * - A document is at most `maxStructs` units of work (MAX_UPDATE_STRUCTS):
 *   nodes, marks and stored (non-null) attributes each count one, as their
 *   Yjs structs would.
 * - An attribute value is a string, number, boolean or null (a mark's
 *   attributes: an object of those), a string at most MAX_ATTRIBUTE_CHARS long.
 *
 * Every check here is iterative: the input may nest far deeper than the stack.
 */
import type { UpdateLimits } from './updateShape'

export type { UpdateLimits as DocumentLimits } from './updateShape'

/** Longest attribute string; KPI values and trend series are a few KB. */
export const MAX_ATTRIBUTE_CHARS = 256 * 1024

/** Content that breaks a limit: REST answers 400, nothing is stored. */
export class DocumentLimitError extends Error {
  override name = 'DocumentLimitError'
}

const isContainer = (v: unknown): v is object => typeof v === 'object' && v !== null

/**
 * How many containers a value nests (a primitive 0, `{}` 1, `{"a":[]}` 2),
 * counted without recursion and only up to `stopAt` (then `stopAt` is
 * returned: deeper is not looked at).
 */
export function valueNesting(value: unknown, stopAt: number): number {
  if (!isContainer(value)) return 0
  let max = 0
  const stack: [object, number][] = [[value, 1]]
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!
    if (depth > max) max = depth
    if (max >= stopAt) return stopAt
    for (const key of Object.keys(v)) {
      const child = (v as Record<string, unknown>)[key]
      if (isContainer(child)) stack.push([child, depth + 1])
    }
  }
  return max
}

/** Whether a value's nesting is one the socket would refuse (skipAny in updateShape.ts). */
export const valueTooDeep = (value: unknown, maxDepth: number): boolean => valueNesting(value, maxDepth) >= maxDepth

const primitive = (v: unknown) => v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'

/** Why a node attribute value may not be stored (null: it may). */
export function attributeValueProblem(value: unknown): string | null {
  if (value === undefined || primitive(value)) {
    if (typeof value === 'string' && value.length > MAX_ATTRIBUTE_CHARS) return `a string of more than ${MAX_ATTRIBUTE_CHARS} characters`
    if (typeof value === 'number' && !Number.isFinite(value)) return 'a number that is not finite'
    return null
  }
  return `a value of type ${Array.isArray(value) ? 'array' : typeof value}, not a string, number, boolean or null`
}

/** Why a mark's attributes may not be stored (an object of attribute values, or null). */
export function markAttributesProblem(attrs: unknown): string | null {
  if (attrs === null || attrs === undefined) return null
  if (typeof attrs !== 'object' || Array.isArray(attrs)) return 'mark attributes that are not an object'
  for (const key of Object.keys(attrs)) {
    const problem = attributeValueProblem((attrs as Record<string, unknown>)[key])
    if (problem) return `mark attribute "${key.slice(0, 64)}": ${problem}`
  }
  return null
}

/**
 * Checks ProseMirror JSON against the limits before anything reads it
 * recursively. Throws DocumentLimitError naming the first problem.
 */
export function checkDocumentJson(json: unknown, limits: UpdateLimits): void {
  let units = 0
  const spend = () => {
    if (++units > limits.maxStructs) throw new DocumentLimitError(`The content is larger than ${limits.maxStructs} nodes, marks and attributes.`)
  }
  const stack: [unknown, number][] = [[json, 1]]
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!
    if (depth > limits.maxDepth) throw new DocumentLimitError(`The content nests deeper than ${limits.maxDepth} levels.`)
    if (!isContainer(node)) continue
    spend()
    const { attrs, marks, content } = node as { attrs?: unknown; marks?: unknown; content?: unknown }
    if (isContainer(attrs)) {
      for (const key of Object.keys(attrs)) {
        const value = (attrs as Record<string, unknown>)[key]
        if (value !== null && value !== undefined) spend() // a null attribute is not stored
        const problem = attributeValueProblem(value) ?? (valueTooDeep(value, limits.maxDepth) ? 'nested too deeply' : null)
        if (problem) throw new DocumentLimitError(`Attribute "${key.slice(0, 64)}": ${problem}.`)
      }
    } else if (attrs !== undefined && attrs !== null) {
      throw new DocumentLimitError('Node attributes must be an object.')
    }
    if (Array.isArray(marks)) {
      for (const mark of marks) {
        spend()
        const markAttrs = (mark as { attrs?: unknown } | null)?.attrs
        if (valueTooDeep(markAttrs, limits.maxDepth)) throw new DocumentLimitError(`Mark attributes nest deeper than ${limits.maxDepth} levels.`)
        const problem = markAttributesProblem(markAttrs)
        if (problem) throw new DocumentLimitError(`A mark: ${problem}.`)
      }
    }
    if (Array.isArray(content)) for (const child of content) stack.push([child, depth + 1])
  }
}
