/**
 * A cheap look at a client's Yjs update (v1 encoding) before anything turns
 * it into objects: how much work it is, how deep it nests, and whether it
 * holds a kind of content reports never use.
 *
 * Why it exists:
 * - Y.decodeUpdate and Y.applyUpdate allocate an Item (and a type object per
 *   element) for every struct, 3–7 µs each and worse than linear: an update
 *   near MAX_FRAME_BYTES holds 100k+ structs and stalls the event loop of
 *   every room for a second. Here the bytes are walked once with lib0,
 *   nothing is allocated per struct but a few numbers, and the walk stops as
 *   soon as the update passes `maxStructs`.
 * - Everything that reads the body (y-tiptap, ProseMirror, Y.XmlElement
 *   toString, the quarantine) recurses once per level: 100k nested elements
 *   overflow the stack, and inside a KPI or snapshot timer that kills the
 *   process. Nesting of shared types and of JSON values is bounded here.
 * - Subdocuments (ContentDoc) would make the server hold a Y.Doc per struct;
 *   reports have none.
 * - Yjs integrates an update's structs before it fails on some defects (a
 *   reference into its own client's future, an empty deletion range): the
 *   part before would be stored and relayed although the sender is refused.
 *
 * The walk mirrors Yjs' own reader (readClientsStructRefs, readItemContent,
 * readDeleteSet), so what passes here is read by Yjs the same way; anything
 * it cannot read throws, and the room closes the sender with 4400.
 */
import * as decoding from 'lib0/decoding'
import * as Y from 'yjs'
import { checkAttributeValue, checkMarkAttributes, markNameOfFormat } from '@schema/nodes/attributeSchemas'
import { MAX_ATTRIBUTE_CHARS } from './documentLimits'
import { META_FIELD } from '@schema/document/migrateDocument'

export interface UpdateLimits {
  /**
   * Units of work one update may hold: client sections, structs, delete-set
   * ranges and inserted JSON values each count one.
   */
  maxStructs: number
  /** Deepest nesting of shared types (elements in elements) and of JSON values in an update. */
  maxDepth: number
}

/** A 300-block report is ~2.7k structs in all; 10k apply in ~60 ms on one core. */
export const DEFAULT_UPDATE_LIMITS: UpdateLimits = { maxStructs: 10_000, maxDepth: 100 }

/** An update the server will not read further; the room closes its sender with 4400. */
export class UpdateRefusedError extends Error {
  override name = 'UpdateRefusedError'
}

const refuse = (why: string): never => {
  throw new UpdateRefusedError(why)
}

const NONE = -1
const PARENT_INFERRED = 0
const PARENT_ROOT = 1
const PARENT_ID = 2

/** Type refs of Yjs' ContentType (YArrayRefID … YXmlTextRefID); 3 and 5 carry a name. */
const TYPE_REF_MAX = 6
const TYPE_REF_XML_ELEMENT = 3
const TYPE_REF_XML_HOOK = 5

/** Content refs of Yjs (readItemContent) the attribute check looks at. */
const CONTENT_DELETED = 1
const CONTENT_JSON = 2
const CONTENT_EMBED = 5
const CONTENT_FORMAT = 6
const CONTENT_TYPE = 7
const CONTENT_ANY = 8

/** The update's structs, as parallel arrays (no object per struct). */
export interface UpdateShape {
  /** Units counted against `maxStructs`. */
  units: number
  client: number[]
  clock: number[]
  length: number[]
  /** 1 when the struct is an Item whose content is a shared type (an element, a text…). */
  isType: number[]
  /** 1 for GC and Skip structs (never a parent, never integrated as content). */
  isGap: number[]
  parentKind: number[]
  parentClient: number[]
  parentClock: number[]
  originClient: number[]
  originClock: number[]
  rightClient: number[]
  rightClock: number[]
  /** Per client, the indexes of its structs in clock order. */
  byClient: Map<number, number[]>
  /** Node names of the XmlElements the update creates (for the quarantine of unknown ones). */
  elementNames: Set<string>
  /** Yjs' content ref of each struct (0 for GC and Skip). */
  contentRef: number[]
  /** The map key a struct names itself (written only when it has no origin), else null. */
  parentSub: (string | null)[]
  /** Node name of each struct that creates an XmlElement, by struct index. */
  elementName: Map<number, string>
  /** The root type a struct names as its parent (written only when it has no origin), by struct index. */
  rootName: Map<number, string>
  /** The delete set: client, clock, length of each range. */
  deletions: [number, number, number][]
  /** The values of each struct holding plain values (ContentAny, ContentJSON), by struct index. */
  values: Map<number, unknown[]>
  /** Key and value of each text format (ContentFormat: a mark), by struct index. */
  formats: Map<number, [string, unknown]>
  /** Keys of the text formatting (marks) the update writes (for the quarantine of unknown marks). */
  formatKeys: Set<string>
  /** Map keys (element attribute names) the update writes (for the quarantine of unknown attributes). */
  attributeKeys: Set<string>
  /**
   * The update writes values a block may not keep as they are (offendingBlock.ts):
   * an object or array, a long string, an embed. The room then runs its quarantine.
   */
  suspectValues: boolean
}

/**
 * Reads the whole update without materializing it. Throws UpdateRefusedError
 * when it is malformed, holds more than `maxStructs` units, nests JSON values
 * deeper than `maxDepth`, holds a subdocument, or holds something Yjs would
 * fail on only after integrating part of the update (a reference into its
 * own client's future, an empty deletion range).
 */
export function scanUpdate(update: Uint8Array, limits: UpdateLimits): UpdateShape {
  const d = decoding.createDecoder(update)
  const shape: UpdateShape = {
    units: 0,
    client: [],
    clock: [],
    length: [],
    isType: [],
    isGap: [],
    parentKind: [],
    parentClient: [],
    parentClock: [],
    originClient: [],
    originClock: [],
    rightClient: [],
    rightClock: [],
    byClient: new Map(),
    elementNames: new Set(),
    contentRef: [],
    parentSub: [],
    elementName: new Map(),
    rootName: new Map(),
    deletions: [],
    values: new Map(),
    formats: new Map(),
    formatKeys: new Set(),
    attributeKeys: new Set(),
    suspectValues: false,
  }
  const spend = (n: number) => {
    shape.units += n
    if (shape.units > limits.maxStructs) refuse(`update too large: more than ${limits.maxStructs} structs, deletions and values`)
  }
  try {
    const sections = decoding.readVarUint(d)
    spend(sections)
    for (let s = 0; s < sections; s++) {
      const count = decoding.readVarUint(d)
      spend(count) // before reading them: a declared count past the limit ends the walk at once
      const client = decoding.readVarUint(d)
      let clock = decoding.readVarUint(d)
      // Yjs keeps only the last section of a client; no encoder writes two.
      if (shape.byClient.has(client)) refuse(`client ${client} appears twice`)
      const indexes: number[] = []
      shape.byClient.set(client, indexes)
      for (let i = 0; i < count; i++) {
        const info = decoding.readUint8(d)
        const ref = info & 0b11111
        let length: number
        let isType = 0
        let isGap = 0
        let parentKind = PARENT_INFERRED
        let parentClient = NONE
        let parentClock = NONE
        let originClient = NONE
        let originClock = NONE
        let rightClient = NONE
        let rightClock = NONE
        let parentSub: string | null = null
        const index = shape.client.length
        if (ref === 0 || ref === 10) {
          // GC, Skip: a length only. Yjs writes their info byte bare; with flags set, its
          // two readers disagree (applyUpdate skips, decodeUpdate fails): refused.
          if (info !== ref) refuse(`flags on a ${ref === 0 ? 'GC' : 'Skip'} struct`)
          length = decoding.readVarUint(d)
          isGap = 1
        } else {
          if (info & 0b1000_0000) {
            originClient = decoding.readVarUint(d)
            originClock = decoding.readVarUint(d)
          }
          if (info & 0b0100_0000) {
            rightClient = decoding.readVarUint(d)
            rightClock = decoding.readVarUint(d)
          }
          if ((info & 0b1100_0000) === 0) {
            if (decoding.readVarUint(d) === 1) {
              parentKind = PARENT_ROOT
              shape.rootName.set(shape.client.length, decoding.readVarString(d)) // the root type's name
            } else {
              parentKind = PARENT_ID
              parentClient = decoding.readVarUint(d)
              parentClock = decoding.readVarUint(d)
            }
            if (info & 0b0010_0000) {
              parentSub = decoding.readVarString(d) // a map key
              shape.attributeKeys.add(parentSub)
            }
          }
          const content = readContent(d, ref, limits, spend, shape)
          length = content.length
          isType = content.isType ? 1 : 0
          if (content.elementName !== undefined) shape.elementName.set(index, content.elementName)
          if (content.values) shape.values.set(index, content.values)
          if (content.format) shape.formats.set(index, content.format)
        }
        if (length < 1) refuse('empty struct') // Yjs never writes one; two structs would share a clock
        if (clock + length > Number.MAX_SAFE_INTEGER) refuse('clock out of range')
        // A struct can only point at what its own client made before it. Yjs checks other
        // clients' references for missing ones, not its own: one into its own future throws
        // half way through applying the update.
        if (
          (originClient === client && originClock >= clock) ||
          (rightClient === client && rightClock >= clock) ||
          (parentClient === client && parentClock >= clock)
        ) {
          refuse('a struct refers to a later one of its own client')
        }
        indexes.push(index)
        shape.contentRef.push(isGap ? 0 : ref)
        shape.parentSub.push(parentSub)
        shape.client.push(client)
        shape.clock.push(clock)
        shape.length.push(length)
        shape.isType.push(isType)
        shape.isGap.push(isGap)
        shape.parentKind.push(parentKind)
        shape.parentClient.push(parentClient)
        shape.parentClock.push(parentClock)
        shape.originClient.push(originClient)
        shape.originClock.push(originClock)
        shape.rightClient.push(rightClient)
        shape.rightClock.push(rightClock)
        clock += length
      }
    }
    // The delete set (readDeleteSet): per client, ranges of clock and length.
    const dsClients = decoding.readVarUint(d)
    spend(dsClients)
    for (let c = 0; c < dsClients; c++) {
      const client = decoding.readVarUint(d)
      const ranges = decoding.readVarUint(d)
      spend(ranges)
      for (let r = 0; r < ranges; r++) {
        const clock = decoding.readVarUint(d)
        const len = decoding.readVarUint(d)
        // Yjs never writes an empty range; reading one, it fails after the structs are integrated.
        if (len === 0) refuse('empty deletion range')
        shape.deletions.push([client, clock, len])
      }
    }
  } catch (err) {
    if (err instanceof UpdateRefusedError) throw err
    refuse(`corrupt update: ${(err as Error).message}`)
  }
  return shape
}

interface ContentRead {
  length: number
  isType: boolean
  /** The node name of an XmlElement. */
  elementName?: string
  /** Plain values (ContentAny, ContentJSON), built only after their depth was checked. */
  values?: unknown[]
  /** A text format's key and value. */
  format?: [string, unknown]
}

/** readItemContent of Yjs: reads one struct's content, returning its length. */
function readContent(
  d: decoding.Decoder,
  ref: number,
  limits: UpdateLimits,
  spend: (n: number) => void,
  shape: Pick<UpdateShape, 'elementNames' | 'formatKeys' | 'suspectValues'>,
): ContentRead {
  switch (ref) {
    case 1: // ContentDeleted
      return { length: decoding.readVarUint(d), isType: false }
    case 2: {
      // ContentJSON: strings of JSON (or "undefined")
      const len = decoding.readVarUint(d)
      spend(len)
      const values: unknown[] = []
      shape.suspectValues = true
      for (let i = 0; i < len; i++) {
        const text = decoding.readVarString(d)
        values.push(text === 'undefined' ? undefined : readJson(text, limits.maxDepth))
      }
      return { length: len, isType: false, values }
    }
    case 3: // ContentBinary
      decoding.readVarUint8Array(d)
      return { length: 1, isType: false }
    case 4: // ContentString: its length is the JS string's
      return { length: decoding.readVarString(d).length, isType: false }
    case 5: // ContentEmbed
      readJson(decoding.readVarString(d), limits.maxDepth)
      shape.suspectValues = true
      return { length: 1, isType: false }
    case 6: {
      // ContentFormat: key, JSON value
      const key = decoding.readVarString(d)
      shape.formatKeys.add(key)
      const value = decoding.readVarString(d)
      // Mark attributes (a link's href…) are also checked by the quarantine; a plain mark is `{}`, its end `null`.
      if (value !== '{}' && value !== 'null') shape.suspectValues = true
      return { length: 1, isType: false, format: [key, readJson(value, limits.maxDepth)] }
    }
    case 7: {
      // ContentType
      const typeRef = decoding.readVarUint(d)
      if (typeRef > TYPE_REF_MAX) refuse(`unknown type ${typeRef}`)
      if (typeRef === TYPE_REF_XML_ELEMENT) {
        const elementName = decoding.readVarString(d)
        shape.elementNames.add(elementName)
        return { length: 1, isType: true, elementName }
      }
      if (typeRef === TYPE_REF_XML_HOOK) decoding.readVarString(d) // hook name
      return { length: 1, isType: true }
    }
    case 8: {
      // ContentAny: lib0 `any` values
      const len = decoding.readVarUint(d)
      spend(len)
      const values: unknown[] = []
      for (let i = 0; i < len; i++) {
        const start = d.pos
        const tag = d.arr[d.pos]
        skipAny(d, 1, limits.maxDepth)
        // Objects, arrays and long strings are no attribute value a block keeps (offendingBlock.ts).
        if (tag === 118 || tag === 117 || tag === 116 || d.pos - start > MAX_ATTRIBUTE_CHARS) shape.suspectValues = true
        // Bounded and free of __proto__ keys now: built with lib0's own reader.
        const again = decoding.createDecoder(d.arr)
        again.pos = start
        values.push(decoding.readAny(again))
      }
      return { length: len, isType: false, values }
    }
    case 9:
      return refuse('subdocuments are not accepted')
    default:
      return refuse(`unknown content ${ref}`)
  }
}

/** Parses a JSON text after checking its nesting (JSON.stringify of a deeper value overflows the stack later). */
function readJson(text: string, maxDepth: number): unknown {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i)
    if (inString) {
      if (ch === 0x5c) i++ // backslash: skip the escaped character
      else if (ch === 0x22) inString = false
    } else if (ch === 0x22) inString = true
    else if (ch === 0x5b || ch === 0x7b) {
      if (++depth > maxDepth) refuse(`JSON nested deeper than ${maxDepth}`)
    } else if (ch === 0x5d || ch === 0x7d) depth--
  }
  return JSON.parse(text)
}

/**
 * lib0's readAny without building the value, bounded in depth (lib0's own
 * recursion is not). Object keys named `__proto__` are refused: lib0 assigns
 * them, which sets the object's prototype.
 */
function skipAny(d: decoding.Decoder, depth: number, maxDepth: number): void {
  const tag = decoding.readUint8(d)
  switch (tag) {
    case 127: // undefined
    case 126: // null
    case 121: // false
    case 120: // true
      return
    case 125:
      decoding.readVarInt(d)
      return
    case 124:
      decoding.readFloat32(d)
      return
    case 123:
      decoding.readFloat64(d)
      return
    case 122:
      decoding.readBigInt64(d)
      return
    case 119:
      decoding.readVarString(d)
      return
    case 118: {
      if (depth >= maxDepth) refuse(`value nested deeper than ${maxDepth}`)
      const len = decoding.readVarUint(d)
      for (let i = 0; i < len; i++) {
        if (decoding.readVarString(d) === '__proto__') refuse('__proto__ key')
        skipAny(d, depth + 1, maxDepth)
      }
      return
    }
    case 117: {
      if (depth >= maxDepth) refuse(`value nested deeper than ${maxDepth}`)
      const len = decoding.readVarUint(d)
      for (let i = 0; i < len; i++) skipAny(d, depth + 1, maxDepth)
      return
    }
    case 116:
      decoding.readVarUint8Array(d)
      return
    default:
      refuse(`unknown value tag ${tag}`)
  }
}

/**
 * Refuses an update that would nest shared types deeper than `maxDepth`
 * (the body fragment is depth 0, a section in it 1, …), counting the depth
 * its parents already have in `doc`.
 *
 * A struct's parent is written only when it has no origin; otherwise Yjs
 * takes the origin's parent. Chains through the update are followed
 * iteratively (they can be as long as the update). A struct whose parent
 * cannot be found, in the update or in the document, is skipped: Yjs does
 * not integrate it either (it would wait in pendingStructs, which the room
 * drops).
 */
export function checkNesting(shape: UpdateShape, doc: Y.Doc, maxDepth: number): void {
  const n = shape.client.length
  if (n === 0) return
  /** Depth of the type each struct sits in; undefined until resolved, null when unknown. */
  const parentDepth: (number | null | undefined)[] = new Array(n)
  const onPath = new Uint8Array(n)

  const find = (client: number, clock: number): number => findStruct(shape, client, clock)

  const stored = (client: number, clock: number): Y.Item | null => {
    if (clock >= Y.getState(doc.store, client)) return null
    const struct = Y.getItem(doc.store, Y.createID(client, clock)) as Y.Item | Y.GC
    return struct instanceof Y.Item ? struct : null
  }

  /** Depth of an existing type in the document, counted up to maxDepth + 1. */
  const typeDepthInDoc = (type: Y.AbstractType<unknown>): number => {
    let depth = 0
    let t: Y.AbstractType<unknown> | null = type
    while (t && t._item) {
      if (++depth > maxDepth) return depth
      t = t._item.parent as Y.AbstractType<unknown> | null
    }
    return depth
  }

  const resolve = (start: number): number | null => {
    // Walk up until a struct with a known answer, remembering the way and the
    // +1 of each hop into a parent type; then fill the answers in backwards.
    const path: number[] = []
    const weights: number[] = []
    let cur = start
    let base: number | null
    for (;;) {
      const known = parentDepth[cur]
      if (known !== undefined) {
        base = known
        break
      }
      if (onPath[cur]) {
        base = null // a cycle: Yjs would find the dependency missing
        break
      }
      onPath[cur] = 1
      path.push(cur)
      if (shape.isGap[cur]) {
        weights.push(0)
        base = null
        break
      }
      const kind = shape.parentKind[cur]
      if (kind === PARENT_ROOT) {
        weights.push(0)
        base = 0
        break
      }
      if (kind === PARENT_ID) {
        const pc = shape.parentClient[cur]!
        const pk = shape.parentClock[cur]!
        const j = find(pc, pk)
        if (j !== NONE) {
          if (!shape.isType[j]) {
            weights.push(0)
            base = null
            break
          }
          weights.push(1) // one level below the parent struct's type
          cur = j
          continue
        }
        const item = stored(pc, pk)
        weights.push(0)
        base = item && item.content instanceof Y.ContentType ? typeDepthInDoc(item.content.type as Y.AbstractType<unknown>) : null
        break
      }
      // Inferred: the same parent as the origin (or the right origin).
      const oc = shape.originClient[cur] !== NONE ? shape.originClient[cur]! : shape.rightClient[cur]!
      const ok = shape.originClient[cur] !== NONE ? shape.originClock[cur]! : shape.rightClock[cur]!
      weights.push(0)
      const j = find(oc, ok)
      if (j !== NONE) {
        cur = j
        // The hop has weight 0, already pushed; continue from the origin.
        continue
      }
      const item = stored(oc, ok)
      base = item && item.parent ? typeDepthInDoc(item.parent as Y.AbstractType<unknown>) : null
      break
    }
    // `weights[k]` is the hop from path[k] to path[k + 1] (or to the base).
    let value = base
    for (let k = path.length - 1; k >= 0; k--) {
      const i = path[k]!
      onPath[i] = 0
      if (value !== null && weights[k] === 1) value = value + 1
      parentDepth[i] = value
    }
    return parentDepth[start] ?? null
  }

  for (let i = 0; i < n; i++) {
    if (!shape.isType[i]) continue
    const depth = resolve(i)
    if (depth !== null && depth + 1 > maxDepth) refuse(`elements nested deeper than ${maxDepth}`)
  }
}

/** Index of the update's struct holding (client, clock), or NONE. */
function findStruct(shape: UpdateShape, client: number, clock: number): number {
  const list = shape.byClient.get(client)
  if (!list) return NONE
  let lo = 0
  let hi = list.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const i = list[mid]!
    if (clock < shape.clock[i]!) hi = mid - 1
    else if (clock >= shape.clock[i]! + shape.length[i]!) lo = mid + 1
    else return i
  }
  return NONE
}

/** The document's Item holding (client, clock), or null (unknown, or garbage collected). */
function storedItem(doc: Y.Doc, client: number, clock: number): Y.Item | null {
  if (clock >= Y.getState(doc.store, client)) return null
  const struct = Y.getItem(doc.store, Y.createID(client, clock)) as Y.Item | Y.GC
  return struct instanceof Y.Item ? struct : null
}

/** Whether a deletion range covers part of a live item. */
const deletes = (item: Y.Item, client: number, clock: number, len: number): boolean =>
  !item.deleted && item.id.client === client && item.id.clock < clock + len && clock < item.id.clock + item.length

/** Where a struct lands: its parent (a struct of the update, a type of the document, a root) and its map key. */
interface Placement {
  parent: { index: number } | { type: Y.AbstractType<unknown> } | 'root' | null
  key: string | null
  /** The root type's name, when the parent is a root. */
  root?: string
}

const UNPLACED: Placement = { parent: null, key: null }

/**
 * Refuses an update that would store an attribute value its node's schema
 * refuses (schema/nodes/attributeSchemas.ts), before anything is applied.
 *
 * Element attributes are map entries of a Y.XmlElement, one ContentAny value
 * each; marks are formats (ContentFormat) of a Y.XmlText. A map entry names
 * its parent and key only when it has no origin (the first value of a key);
 * an overwrite points at the value it replaces, and Yjs takes parent and key
 * from there. Both are resolved here as Yjs will: through the update's own
 * structs or the room's document. Element names come from the update's
 * ContentType or the document's Y.XmlElement.
 *
 * Also refused: an attribute whose value is not a plain value (a shared
 * type, a string or binary content, an embed or format under a key), plain
 * values or embeds as children of the body (reports have none, and
 * y-tiptap and Y.XmlElement.toString would stringify them), and a mark
 * whose attributes its schema refuses.
 *
 * And refused: any write into the document's `meta` map (its schema
 * version; schema/document/migrateDocument.ts), an insert or a deletion:
 * only the server writes there.
 */
export function checkAttributes(shape: UpdateShape, doc: Y.Doc): void {
  const n = shape.client.length
  const placement: (Placement | undefined)[] = new Array(n)
  const onPath = new Uint8Array(n)

  /** The struct or stored item an origin points at, if it is an Item. */
  const neighbour = (client: number, clock: number): number | Y.Item | null => {
    if (client === NONE) return null
    const j = findStruct(shape, client, clock)
    if (j !== NONE) return shape.isGap[j] ? null : j
    return storedItem(doc, client, clock)
  }

  const resolve = (start: number): Placement => {
    const path: number[] = []
    let cur = start
    let base: Placement
    for (;;) {
      const known = placement[cur]
      if (known !== undefined) {
        base = known
        break
      }
      if (onPath[cur] || shape.isGap[cur]) {
        base = UNPLACED
        break
      }
      onPath[cur] = 1
      path.push(cur)
      const kind = shape.parentKind[cur]
      if (kind === PARENT_ROOT) {
        base = { parent: 'root', key: shape.parentSub[cur]!, root: shape.rootName.get(cur) }
        break
      }
      if (kind === PARENT_ID) {
        const pc = shape.parentClient[cur]!
        const pk = shape.parentClock[cur]!
        const j = findStruct(shape, pc, pk)
        const key = shape.parentSub[cur]!
        if (j !== NONE) base = shape.isType[j] ? { parent: { index: j }, key } : UNPLACED
        else {
          const item = storedItem(doc, pc, pk)
          base = item && item.content instanceof Y.ContentType ? { parent: { type: item.content.type as Y.AbstractType<unknown> }, key } : UNPLACED
        }
        break
      }
      // Inferred (Item.getMissing): the parent and key of the origin, else of the right origin.
      const next = neighbour(shape.originClient[cur]!, shape.originClock[cur]!) ?? neighbour(shape.rightClient[cur]!, shape.rightClock[cur]!)
      if (typeof next === 'number') {
        cur = next
        continue
      }
      base = next && next.parent ? { parent: { type: next.parent as Y.AbstractType<unknown> }, key: next.parentSub } : UNPLACED
      break
    }
    for (const i of path) {
      onPath[i] = 0
      placement[i] = base
    }
    return base
  }

  /** The node name of a parent that is an XmlElement, else undefined. */
  const elementNameOf = (parent: Placement['parent']): string | undefined => {
    if (parent === null || parent === 'root') return undefined
    if ('index' in parent) return shape.elementName.get(parent.index)
    return parent.type instanceof Y.XmlElement ? parent.type.nodeName : undefined
  }

  const meta = doc.share.get(META_FIELD)
  const intoMeta = ({ parent, root }: Placement) => (parent === 'root' ? root === META_FIELD : parent !== null && 'type' in parent && meta !== undefined && parent.type === meta)
  for (let i = 0; i < n; i++) {
    if (!shape.isGap[i] && intoMeta(resolve(i))) refuse(`the document's "${META_FIELD}" is written by the server only`)
  }
  if (meta !== undefined) {
    for (const [client, clock, len] of shape.deletions) {
      for (let item = meta._start; item; item = item.right) if (deletes(item, client, clock, len)) refuse(`the document's "${META_FIELD}" is written by the server only`)
      for (let item of meta._map.values()) {
        for (; item; item = item.left!) if (deletes(item, client, clock, len)) refuse(`the document's "${META_FIELD}" is written by the server only`)
      }
    }
  }
  for (let i = 0; i < n; i++) {
    const ref = shape.contentRef[i]!
    if (ref === 0 || ref === CONTENT_DELETED) continue
    const isValue = ref === CONTENT_ANY || ref === CONTENT_JSON
    if (ref === CONTENT_FORMAT) {
      const [key, value] = shape.formats.get(i)!
      const problem = checkMarkAttributes(markNameOfFormat(key), value)
      if (problem) refuse(problem)
      continue
    }
    if (ref === CONTENT_EMBED) refuse('embedded objects are not accepted in a report')
    if (!isValue && ref !== CONTENT_TYPE && ref !== 3 && ref !== 4) continue
    const { parent, key } = resolve(i)
    if (parent === null) continue // Yjs will not integrate it either
    if (key === null) {
      // A child of a type: elements and text only.
      if (isValue || ref === 3) refuse('plain values are not accepted as content of a report')
      continue
    }
    const nodeName = elementNameOf(parent) ?? ''
    if (!isValue) refuse(`attribute ${JSON.stringify(key.slice(0, 64))} of ${JSON.stringify(nodeName)}: must be a plain value`)
    for (const value of shape.values.get(i)!) {
      const problem = checkAttributeValue(nodeName, key, value)
      if (problem) refuse(problem)
    }
  }
}
