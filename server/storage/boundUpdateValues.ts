/**
 * Makes a stored Yjs update (v1) loadable when values in it nest too deeply.
 *
 * lib0's readAny, JSON.stringify and everything after them recurse once per
 * level: an attribute value ~5,000 levels deep (written before REST had the
 * socket's limits) can no longer be merged or applied, ~50,000 levels no
 * longer encoded, and the whole report would stay unloadable. Here the bytes
 * are walked without recursion (the walk mirrors Yjs' readClientsStructRefs
 * and readItemContent, like collab/updateShape.ts) and every value whose
 * containers nest `maxDepth` levels or more is replaced by a string that
 * starts with UNREADABLE_VALUE_PREFIX and describes it (depth, size, where
 * its original bytes are kept). Every struct keeps its id and length, so the
 * rest of the document, later updates and deletions apply as before. The
 * block holding such a string is then quarantined (collab/offendingBlock.ts).
 *
 * Returns the update itself when nothing had to be replaced.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'

/** Start of the string put in place of a value that could not be read; offendingBlock.ts quarantines its block. */
export const UNREADABLE_VALUE_PREFIX = '[unreadable stored value]'

export interface BoundedUpdate {
  update: Uint8Array
  /** How many values were replaced. */
  replaced: number
}

/** Walks one lib0 `any` value iteratively; returns how many containers it nests. */
function skipAny(d: decoding.Decoder): number {
  const stack: { left: number; object: boolean }[] = []
  let nesting = 0
  for (;;) {
    const tag = decoding.readUint8(d)
    switch (tag) {
      case 127:
      case 126:
      case 121:
      case 120:
        break
      case 125:
        decoding.readVarInt(d)
        break
      case 124:
        decoding.readFloat32(d)
        break
      case 123:
        decoding.readFloat64(d)
        break
      case 122:
        decoding.readBigInt64(d)
        break
      case 119:
        decoding.readVarString(d)
        break
      case 118:
        stack.push({ left: decoding.readVarUint(d), object: true })
        break
      case 117:
        stack.push({ left: decoding.readVarUint(d), object: false })
        break
      case 116:
        decoding.readVarUint8Array(d)
        break
      default:
        throw new Error(`unknown value tag ${tag}`)
    }
    if (stack.length > nesting) nesting = stack.length
    while (stack.length > 0 && stack[stack.length - 1]!.left === 0) stack.pop()
    if (stack.length === 0) return nesting
    const top = stack[stack.length - 1]!
    top.left--
    if (top.object) decoding.readVarString(d) // the key of the next entry
  }
}

/** How many containers a JSON text nests (outside strings). */
function jsonNesting(text: string): number {
  let depth = 0
  let max = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i)
    if (inString) {
      if (ch === 0x5c) i++
      else if (ch === 0x22) inString = false
    } else if (ch === 0x22) inString = true
    else if (ch === 0x5b || ch === 0x7b) max = Math.max(max, ++depth)
    else if (ch === 0x5d || ch === 0x7d) depth--
  }
  return max
}

/**
 * `note` is added to each description (e.g. where the original file is kept).
 * Throws when the bytes are no v1 update (the caller's load fails as before).
 */
export function boundUpdateValues(update: Uint8Array, maxDepth: number, note: string): BoundedUpdate {
  const d = decoding.createDecoder(update)
  const out = encoding.createEncoder()
  let copiedTo = 0
  let replaced = 0
  const describe = (nesting: number, bytes: number) =>
    `${UNREADABLE_VALUE_PREFIX} a value nested ${nesting} levels deep (at most ${maxDepth - 1} are read), ${bytes} bytes; ${note}`
  /** Replaces bytes [start, d.pos) by `replacement`. */
  const replace = (start: number, replacement: (e: encoding.Encoder) => void) => {
    encoding.writeUint8Array(out, update.subarray(copiedTo, start))
    replacement(out)
    copiedTo = d.pos
    replaced++
  }
  const anyValue = () => {
    const start = d.pos
    const nesting = skipAny(d)
    if (nesting >= maxDepth) {
      const text = describe(nesting, d.pos - start)
      replace(start, (e) => encoding.writeAny(e, text))
    }
  }
  const jsonValue = () => {
    const start = d.pos
    const text = decoding.readVarString(d)
    const nesting = jsonNesting(text)
    if (nesting >= maxDepth) {
      const description = describe(nesting, d.pos - start)
      replace(start, (e) => encoding.writeVarString(e, JSON.stringify(description)))
    }
  }

  const sections = decoding.readVarUint(d)
  for (let s = 0; s < sections; s++) {
    const count = decoding.readVarUint(d)
    decoding.readVarUint(d) // client
    decoding.readVarUint(d) // clock
    for (let i = 0; i < count; i++) {
      const info = decoding.readUint8(d)
      const ref = info & 0b11111
      if (ref === 0 || ref === 10) {
        decoding.readVarUint(d) // GC, Skip: a length
        continue
      }
      if (info & 0b1000_0000) {
        decoding.readVarUint(d)
        decoding.readVarUint(d)
      }
      if (info & 0b0100_0000) {
        decoding.readVarUint(d)
        decoding.readVarUint(d)
      }
      if ((info & 0b1100_0000) === 0) {
        if (decoding.readVarUint(d) === 1) decoding.readVarString(d)
        else {
          decoding.readVarUint(d)
          decoding.readVarUint(d)
        }
        if (info & 0b0010_0000) decoding.readVarString(d)
      }
      switch (ref) {
        case 1: // ContentDeleted
          decoding.readVarUint(d)
          break
        case 2: {
          // ContentJSON
          const len = decoding.readVarUint(d)
          for (let k = 0; k < len; k++) jsonValue()
          break
        }
        case 3: // ContentBinary
          decoding.readVarUint8Array(d)
          break
        case 4: // ContentString
          decoding.readVarString(d)
          break
        case 5: // ContentEmbed
          jsonValue()
          break
        case 6: // ContentFormat: key, JSON value
          decoding.readVarString(d)
          jsonValue()
          break
        case 7: {
          // ContentType
          const typeRef = decoding.readVarUint(d)
          if (typeRef === 3 || typeRef === 5) decoding.readVarString(d)
          break
        }
        case 8: {
          // ContentAny
          const len = decoding.readVarUint(d)
          for (let k = 0; k < len; k++) anyValue()
          break
        }
        case 9: // ContentDoc: guid, options
          decoding.readVarString(d)
          anyValue()
          break
        default:
          throw new Error(`unknown content ${ref}`)
      }
    }
  }
  if (replaced === 0) return { update, replaced }
  encoding.writeUint8Array(out, update.subarray(copiedTo)) // the rest, and the delete set
  return { update: encoding.toUint8Array(out), replaced }
}
