import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap'
import { reportSchema } from '@schema/reportSchema'
import { demoReportContent } from '../demo/demoReportContent'
import { createRng } from '../../test/helpers/prng'
import { checkNesting, DEFAULT_UPDATE_LIMITS, scanUpdate, UpdateRefusedError, type UpdateLimits } from './updateShape'

const LIMITS = DEFAULT_UPDATE_LIMITS

function check(update: Uint8Array, doc = new Y.Doc(), limits: UpdateLimits = LIMITS) {
  checkNesting(scanUpdate(update, limits), doc, limits.maxDepth)
}

const frame = (write: (e: encoding.Encoder) => void): Uint8Array => {
  const e = encoding.createEncoder()
  write(e)
  return encoding.toUint8Array(e)
}

/** One struct: the string "a" at the top level of the root type `t`, no origin. */
function rootString(e: encoding.Encoder): void {
  encoding.writeUint8(e, 4) // ContentString, no origin, no right origin, no parentSub
  encoding.writeVarUint(e, 1) // parent is a root type, by name
  encoding.writeVarString(e, 't')
  encoding.writeVarString(e, 'a')
}

const refusal = (f: () => void): string => {
  try {
    f()
  } catch (err) {
    expect(err).toBeInstanceOf(UpdateRefusedError)
    return (err as Error).message
  }
  throw new Error('not refused')
}

/** Elements nested `depth` deep in the body fragment, as one update. */
function nested(depth: number, into = new Y.Doc(), start?: Y.XmlElement): Uint8Array {
  const before = Y.encodeStateVector(into)
  into.transact(() => {
    let parent: Y.XmlFragment | Y.XmlElement = start ?? into.getXmlFragment('default')
    for (let i = 0; i < depth; i++) {
      const el = new Y.XmlElement('bulletList')
      parent.insert(0, [el])
      parent = el
    }
  })
  return Y.encodeStateAsUpdate(into, before)
}

function deepest(doc: Y.Doc): Y.XmlElement {
  let el = doc.getXmlFragment('default').get(0) as Y.XmlElement
  while (el.length > 0) el = el.get(0) as Y.XmlElement
  return el
}

/** Updates an honest client produces: the whole demo report, text with marks, maps, arrays, deletions. */
function honestUpdates(): Uint8Array[] {
  const out: Uint8Array[] = []
  const doc = new Y.Doc()
  doc.clientID = 1234567 // the same bytes on every run
  doc.on('update', (u: Uint8Array) => out.push(u))
  prosemirrorJSONToYXmlFragment(reportSchema, demoReportContent(), doc.getXmlFragment('default'))
  const text = new Y.XmlText('hello world')
  doc.getXmlFragment('default').insert(0, [text])
  text.format(0, 5, { bold: true })
  text.format(2, 4, { link: { href: 'https://example.com', target: null } })
  text.insert(3, 'xyz', { italic: true })
  text.delete(1, 4)
  const map = doc.getMap('m')
  map.set('any', { a: [1, 2.5, 'x', null, true, { b: new Uint8Array([1, 2]) }], n: 2 ** 40 })
  map.set('arr', new Y.Array())
  ;(map.get('arr') as Y.Array<unknown>).push([1, 'two', [3], { four: 4 }])
  map.delete('any')
  doc.getXmlFragment('default').delete(2, 3)
  out.push(Y.encodeStateAsUpdate(doc))
  out.push(Y.mergeUpdates(out.slice(0, 5)))
  out.push(Y.encodeStateAsUpdate(new Y.Doc()))
  return out
}

describe('scanUpdate / checkNesting', () => {
  it('accepts every update an honest client makes, and the empty update', () => {
    for (const u of honestUpdates()) expect(() => check(u)).not.toThrow()
  })

  it('refuses more structs than the limit, also spread over many clients, before reading them all', () => {
    // One client declaring 20k structs; then 20k clients of one struct each (each a root-level string).
    const one = frame((e) => {
      encoding.writeVarUint(e, 1)
      encoding.writeVarUint(e, 20_000)
      encoding.writeVarUint(e, 7) // client
      encoding.writeVarUint(e, 0) // clock
      for (let i = 0; i < 20_000; i++) rootString(e)
      encoding.writeVarUint(e, 0)
    })
    const many = frame((e) => {
      encoding.writeVarUint(e, 20_000)
      for (let c = 0; c < 20_000; c++) {
        encoding.writeVarUint(e, 1)
        encoding.writeVarUint(e, c + 1)
        encoding.writeVarUint(e, 0)
        rootString(e)
      }
      encoding.writeVarUint(e, 0)
    })
    for (const u of [one, many]) {
      const t = performance.now()
      expect(refusal(() => check(u))).toMatch(/too large/)
      expect(performance.now() - t).toBeLessThan(50)
    }
    expect(() => Y.decodeUpdate(one)).not.toThrow() // a well-formed update: only its size is refused
  })

  it('refuses deletions past the limit', () => {
    const u = frame((e) => {
      encoding.writeVarUint(e, 0) // no structs
      encoding.writeVarUint(e, 1) // one client in the delete set
      encoding.writeVarUint(e, 7)
      encoding.writeVarUint(e, 20_000)
      for (let i = 0; i < 20_000; i++) {
        encoding.writeVarUint(e, i * 2)
        encoding.writeVarUint(e, 1)
      }
    })
    expect(refusal(() => check(u))).toMatch(/too large/)
  })

  it('refuses elements nested deeper than maxDepth, counting the depth already in the document', () => {
    expect(refusal(() => check(nested(LIMITS.maxDepth + 1)))).toMatch(/nested deeper/)
    expect(() => check(nested(LIMITS.maxDepth))).not.toThrow()

    const doc = new Y.Doc()
    Y.applyUpdate(doc, nested(90))
    const client = new Y.Doc()
    Y.applyUpdate(client, Y.encodeStateAsUpdate(doc))
    expect(refusal(() => check(nested(20, client, deepest(client)), doc))).toMatch(/nested deeper/)
    const ok = new Y.Doc()
    Y.applyUpdate(ok, Y.encodeStateAsUpdate(doc))
    expect(() => check(nested(10, ok, deepest(ok)), doc)).not.toThrow()
  })

  it('follows long origin chains without recursion (a flat list is not deep)', () => {
    const doc = new Y.Doc()
    doc.transact(() => {
      const f = doc.getXmlFragment('default')
      for (let i = 0; i < 3000; i++) f.insert(f.length, [new Y.XmlElement('paragraph')])
    })
    expect(() => check(Y.encodeStateAsUpdate(doc))).not.toThrow()
  })

  it('refuses subdocuments, deep values, deep JSON marks and __proto__ keys', () => {
    const sub = new Y.Doc()
    sub.getMap('m').set('doc', new Y.Doc())
    expect(refusal(() => check(Y.encodeStateAsUpdate(sub)))).toMatch(/subdocuments/)

    let deep: unknown[] = []
    const root = deep
    for (let i = 0; i < 150; i++) deep.push((deep = []))
    const any = new Y.Doc()
    any.getMap('m').set('v', root)
    expect(refusal(() => check(Y.encodeStateAsUpdate(any)))).toMatch(/nested deeper/)

    const marks = new Y.Doc()
    const t = marks.getText('t')
    t.insert(0, 'abc')
    t.format(0, 2, { deep: root })
    expect(refusal(() => check(Y.encodeStateAsUpdate(marks)))).toMatch(/nested deeper/)

    const proto = new Y.Doc()
    proto.getMap('m').set('v', JSON.parse('{"__proto__": {"admin": true}}') as unknown)
    expect(refusal(() => check(Y.encodeStateAsUpdate(proto)))).toMatch(/__proto__/)
  })

  it('refuses a struct that points at a later struct of its own client (Yjs would throw half way)', () => {
    const u = frame((e) => {
      encoding.writeVarUint(e, 1)
      encoding.writeVarUint(e, 2)
      encoding.writeVarUint(e, 42) // client
      encoding.writeVarUint(e, 0) // clock
      rootString(e) // clock 0
      encoding.writeUint8(e, 4 | 0x80) // ContentString with an origin …
      encoding.writeVarUint(e, 42)
      encoding.writeVarUint(e, 5) // … at clock 5 of its own client: after itself
      encoding.writeVarString(e, 'b')
      encoding.writeVarUint(e, 0)
    })
    expect(() => Y.applyUpdate(new Y.Doc(), u)).toThrow()
    expect(refusal(() => check(u))).toMatch(/later one of its own client/)
  })

  it('is never looser than Yjs: whatever it accepts, Y.decodeUpdate reads and Y.applyUpdate applies (seeded mutations)', () => {
    const rng = createRng(0x5eed)
    const bases = honestUpdates()
    let accepted = 0
    for (let i = 0; i < 6000; i++) {
      const m = new Uint8Array(rng.pick(bases))
      const kind = rng.int(3)
      let u: Uint8Array = m
      if (kind === 0) m[rng.int(m.length)]! ^= 1 << rng.int(8)
      else if (kind === 1) u = m.slice(0, rng.int(m.length))
      else u = new Uint8Array([...m.slice(0, rng.int(m.length)), ...rng.pick(bases).slice(rng.int(10))])
      let ok = true
      try {
        check(u)
      } catch (err) {
        expect(err).toBeInstanceOf(UpdateRefusedError)
        ok = false
      }
      if (ok) {
        accepted++
        expect(() => Y.decodeUpdate(u), `mutation ${i}`).not.toThrow()
        const target = new Y.Doc()
        expect(() => Y.applyUpdate(target, u), `mutation ${i}`).not.toThrow()
        target.destroy()
      }
    }
    expect(accepted).toBeGreaterThan(0)
  })
})
