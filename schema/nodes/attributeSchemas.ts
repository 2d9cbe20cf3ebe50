/**
 * Every node's and mark's attribute schema, by name: the one definition of
 * what an attribute value may be, checked wherever values enter a document
 * (socket updates in server/collab/updateShape.ts, REST bodies, restores,
 * carry-over, templates and the demo).
 *
 * A known attribute must match its field's schema (type, enum, length). An
 * attribute a schema does not name, or any attribute of a node or mark the
 * report schema does not know, is kept only as a plain value (text, a
 * finite number, true/false, null): content from an older or newer client
 * survives, a value nobody can stringify does not get in.
 *
 * Each check answers null (fine) or a message naming the node and field,
 * never the value (it may be huge or hostile).
 */
import { blockDefinitions } from '../blocks/blockRegistry'
import { ZodNullable, ZodString, type z } from 'zod'
import { unknownAttributeValue } from './attributeValue'
import {
  blockquoteAttributes,
  bulletListAttributes,
  codeBlockAttributes,
  docAttributes,
  hardBreakAttributes,
  headingAttributes,
  horizontalRuleAttributes,
  linkAttributes,
  listItemAttributes,
  orderedListAttributes,
  paragraphAttributes,
  plainMarkAttributes,
  textAttributes,
} from './standardAttributes'

type AttributeSchema = z.ZodObject<Record<string, z.ZodType>>

/** Attribute schemas of every node of the report schema (reportExtensions.ts), by node name. */
export const nodeAttributeSchemas: Readonly<Record<string, AttributeSchema>> = {
  doc: docAttributes,
  paragraph: paragraphAttributes,
  text: textAttributes,
  heading: headingAttributes,
  blockquote: blockquoteAttributes,
  bulletList: bulletListAttributes,
  orderedList: orderedListAttributes,
  listItem: listItemAttributes,
  codeBlock: codeBlockAttributes,
  hardBreak: hardBreakAttributes,
  horizontalRule: horizontalRuleAttributes,
  ...Object.fromEntries(blockDefinitions.map((block) => [block.name, block.attributes])),
}

/** Attribute schemas of every mark of the report schema, by mark name. */
export const markAttributeSchemas: Readonly<Record<string, AttributeSchema>> = {
  link: linkAttributes,
  bold: plainMarkAttributes,
  italic: plainMarkAttributes,
  strike: plainMarkAttributes,
  code: plainMarkAttributes,
  underline: plainMarkAttributes,
}

/** Most attributes one node or mark may carry (known ones are at most 11). */
export const MAX_ATTRIBUTES = 64

const fieldOf = (schemas: Readonly<Record<string, AttributeSchema>>, owner: string, key: string): z.ZodType => {
  const schema = Object.hasOwn(schemas, owner) ? schemas[owner] : undefined
  return (schema && Object.hasOwn(schema.shape, key) ? schema.shape[key] : undefined) ?? unknownAttributeValue
}

const check = (field: z.ZodType, what: string, value: unknown): string | null => {
  const result = field.safeParse(value)
  return result.success ? null : `${what}: ${result.error.issues[0]?.message ?? 'invalid'}`
}

const describeKey = (key: string) => JSON.stringify(key.length > 64 ? `${key.slice(0, 64)}…` : key)

/** Whether `value` may be stored as attribute `key` of a `nodeName` node: null, or why not. */
export function checkAttributeValue(nodeName: string, key: string, value: unknown): string | null {
  return check(fieldOf(nodeAttributeSchemas, nodeName, key), `attribute ${describeKey(key)} of ${describeKey(nodeName)}`, value)
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null)

/** Checks every attribute of a `nodeName` node (a ProseMirror JSON `attrs`; absent is fine): null, or the first problem. */
export function validateBlockAttributes(nodeName: string, attrs: unknown): string | null {
  if (attrs === undefined || attrs === null) return null
  if (!isPlainObject(attrs)) return `attributes of ${describeKey(nodeName)}: must be an object`
  const keys = Object.keys(attrs)
  if (keys.length > MAX_ATTRIBUTES) return `attributes of ${describeKey(nodeName)}: more than ${MAX_ATTRIBUTES}`
  for (const key of keys) {
    const problem = checkAttributeValue(nodeName, key, attrs[key])
    if (problem) return problem
  }
  return null
}

/**
 * y-tiptap stores a mark as a format of the text: key = mark name, or
 * `<name>--<hash>` for marks that may overlap; value = the mark's attrs.
 */
export const markNameOfFormat = (key: string): string => /^(.*)--[a-zA-Z0-9+/=]{8}$/.exec(key)?.[1] ?? key

/** Whether `attrs` may be stored as the attributes of a `markName` mark (null: the mark ends there): null, or why not. */
export function checkMarkAttributes(markName: string, attrs: unknown): string | null {
  if (attrs === undefined || attrs === null) return null
  if (!isPlainObject(attrs)) return `attributes of mark ${describeKey(markName)}: must be an object`
  const keys = Object.keys(attrs)
  if (keys.length > MAX_ATTRIBUTES) return `attributes of mark ${describeKey(markName)}: more than ${MAX_ATTRIBUTES}`
  for (const key of keys) {
    const problem = check(fieldOf(markAttributeSchemas, markName, key), `attribute ${describeKey(key)} of mark ${describeKey(markName)}`, attrs[key])
    if (problem) return problem
  }
  return null
}

/**
 * The first attribute problem of a document as ProseMirror JSON (every
 * node's attrs and every mark's), or null. Walks without recursion; what is
 * not a node (a missing type, a non-array content) is left to the schema.
 */
export function findDocumentAttributeProblem(root: unknown): string | null {
  const stack: unknown[] = [root]
  while (stack.length > 0) {
    const node = stack.pop()
    if (!isPlainObject(node)) continue
    const type = typeof node.type === 'string' ? node.type : ''
    const problem = validateBlockAttributes(type, node.attrs)
    if (problem) return problem
    if (Array.isArray(node.marks)) {
      for (const mark of node.marks) {
        if (!isPlainObject(mark)) continue
        const markProblem = checkMarkAttributes(typeof mark.type === 'string' ? mark.type : '', mark.attrs)
        if (markProblem) return markProblem
      }
    }
    if (Array.isArray(node.content)) for (const child of node.content) stack.push(child)
  }
  return null
}

/**
 * The longest text an attribute named `key` may hold on any node (the
 * smallest limit where nodes share a field name), or undefined when no node
 * has a text field of that name: for the editor's inputs, so people cannot
 * type what the server would refuse.
 */
export function fieldMaxLength(key: string): number | undefined {
  let max: number | undefined
  for (const schema of Object.values(nodeAttributeSchemas)) {
    const field = Object.hasOwn(schema.shape, key) ? schema.shape[key] : undefined
    const inner = field instanceof ZodNullable ? field.unwrap() : field
    if (inner instanceof ZodString && inner.maxLength !== null) max = Math.min(max ?? Infinity, inner.maxLength)
  }
  return max
}
