import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import { boundUpdateValues, UNREADABLE_VALUE_PREFIX } from './boundUpdateValues'

/** `update` with the bytes `find` replaced by `replace` (once). */
function splice(update: Uint8Array, find: Uint8Array, replace: Uint8Array): Uint8Array {
  const at = Buffer.from(update).indexOf(Buffer.from(find))
  if (at < 0) throw new Error('not found')
  return new Uint8Array(Buffer.concat([update.subarray(0, at), replace, update.subarray(at + find.length)]))
}
const bytes = (write: (e: encoding.Encoder) => void) => {
  const e = encoding.createEncoder()
  write(e)
  return encoding.toUint8Array(e)
}
/** lib0 `any` bytes of {"a":{"a":…"x"}} `levels` deep. */
const deepAny = (levels: number) => {
  const out: number[] = []
  for (let i = 0; i < levels; i++) out.push(118, 1, 1, 0x61)
  out.push(119, 1, 0x78)
  return new Uint8Array(out)
}

function docWith(setup: (el: Y.XmlElement, text: Y.XmlText) => void): Uint8Array {
  const doc = new Y.Doc()
  const el = new Y.XmlElement('issue')
  const text = new Y.XmlText('abc')
  const p = new Y.XmlElement('paragraph')
  p.insert(0, [text])
  el.insert(0, [p])
  doc.getXmlFragment('default').insert(0, [el])
  setup(el, text)
  return Y.encodeStateAsUpdate(doc)
}

describe('boundUpdateValues', () => {
  it('returns the very same bytes when nothing nests too deeply', () => {
    const update = docWith((el) => el.setAttribute('owner', { a: { b: 1 } } as unknown as string))
    const out = boundUpdateValues(update, 100, 'note')
    expect(out.replaced).toBe(0)
    expect(out.update).toBe(update)
  })

  it('replaces an attribute value 50,000 levels deep by a description; the rest applies unchanged', () => {
    const marker = bytes((e) => encoding.writeAny(e, '__M__'))
    const update = splice(
      docWith((el) => {
        el.setAttribute('owner', '__M__')
        el.setAttribute('title', 'kept')
      }),
      marker,
      deepAny(50_000),
    )
    expect(() => Y.applyUpdate(new Y.Doc(), update)).toThrow(RangeError)
    const out = boundUpdateValues(update, 100, 'kept in x.original')
    expect(out.replaced).toBe(1)
    const doc = new Y.Doc()
    Y.applyUpdate(doc, out.update)
    const el = doc.getXmlFragment('default').get(0) as Y.XmlElement
    expect(el.getAttribute('title')).toBe('kept')
    const owner = el.getAttribute('owner') as string
    expect(owner.startsWith(UNREADABLE_VALUE_PREFIX)).toBe(true)
    expect(owner).toContain('nested 50000 levels deep')
    expect(owner).toContain('kept in x.original')
    expect(el.toString()).toContain('abc')
  })

  it('replaces a mark value (JSON text) nested too deeply', () => {
    const marker = bytes((e) => encoding.writeVarString(e, JSON.stringify('__M__')))
    const deepJson = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`
    const update = splice(
      docWith((_el, text) => text.format(0, 1, { bold: '__M__' as unknown as object })),
      marker,
      bytes((e) => encoding.writeVarString(e, deepJson)),
    )
    const out = boundUpdateValues(update, 100, 'n')
    expect(out.replaced).toBe(1)
    const doc = new Y.Doc()
    Y.applyUpdate(doc, out.update)
    const text = ((doc.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlElement).get(0) as Y.XmlText
    const bold = (text.toDelta() as { attributes?: { bold?: unknown } }[])[0]!.attributes!.bold as string
    expect(bold.startsWith(UNREADABLE_VALUE_PREFIX)).toBe(true)
  })
})
