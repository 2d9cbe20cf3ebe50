import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap'
import { BODY_FIELD, reportSchema } from '@schema/reportSchema'
import { demoReportContent } from '../demo/demoReportContent'
import { checkAttributes, DEFAULT_UPDATE_LIMITS, scanUpdate, UpdateRefusedError } from './updateShape'

/** The update `change` makes to `doc` (which keeps the change). */
function updateOf(doc: Y.Doc, change: (fragment: Y.XmlFragment) => void): Uint8Array {
  const updates: Uint8Array[] = []
  const collect = (u: Uint8Array) => updates.push(u)
  doc.on('update', collect)
  change(doc.getXmlFragment(BODY_FIELD))
  doc.off('update', collect)
  return Y.mergeUpdates(updates)
}

/** The refusal's message when `server` (the room's document) reads `update`, or null when accepted. */
function verdict(update: Uint8Array, server = new Y.Doc()): string | null {
  try {
    checkAttributes(scanUpdate(update, DEFAULT_UPDATE_LIMITS), server)
    return null
  } catch (err) {
    expect(err).toBeInstanceOf(UpdateRefusedError)
    return (err as Error).message
  }
}

const HOSTILE: [string, unknown][] = [
  ['an object with a non-callable toString', { toString: 'x' }],
  ['an object with valueOf', { valueOf: 'x' }],
  ['an array', ['low']],
  ['a number where text goes', 5],
  ['a deep value', { a: { b: { c: { d: 1 } } } }],
]

/** A client and the server holding the same demo report. */
function demoPair(): { client: Y.Doc; server: Y.Doc } {
  const client = new Y.Doc()
  prosemirrorJSONToYXmlFragment(reportSchema, demoReportContent(), client.getXmlFragment(BODY_FIELD))
  const server = new Y.Doc()
  Y.applyUpdate(server, Y.encodeStateAsUpdate(client))
  return { client, server }
}

const firstElement = (fragment: Y.XmlFragment, name: string): Y.XmlElement =>
  fragment.createTreeWalker((n) => n instanceof Y.XmlElement && n.nodeName === name).next().value as Y.XmlElement

describe('checkAttributes (socket updates)', () => {
  it('accepts what the editor writes: the whole demo report, field edits, marks, removals', () => {
    const { client, server } = demoPair()
    expect(verdict(Y.encodeStateAsUpdate(client))).toBeNull()
    const edit = updateOf(client, (f) => {
      firstElement(f, 'issue').setAttribute('severity', 'high')
      firstElement(f, 'metricRow').setAttribute('current', '1,286,000')
      firstElement(f, 'metricRow').removeAttribute('note')
      const text = firstElement(f, 'paragraph').firstChild as Y.XmlText
      text.format(0, 2, { bold: {}, link: { href: 'https://example.com', target: '_blank', rel: 'noopener', class: null, title: null } })
    })
    expect(verdict(edit, server)).toBeNull()
  })

  for (const [what, value] of HOSTILE) {
    it(`refuses ${what} as a new block's field, as an overwrite of a stored block's field, and as a link`, () => {
      const created = updateOf(new Y.Doc(), (f) => {
        const el = new Y.XmlElement('issue')
        el.setAttribute('severity', value as string)
        f.insert(0, [el])
      })
      expect(verdict(created)).toMatch(/attribute "severity" of "issue"/)

      // An overwrite names neither parent nor key: both come from the stored value it replaces.
      const { client, server } = demoPair()
      const overwrite = updateOf(client, (f) => firstElement(f, 'issue').setAttribute('title', value as string))
      expect(verdict(overwrite, server)).toMatch(/attribute "title" of "issue"/)

      const link = updateOf(client, (f) => (firstElement(f, 'paragraph').firstChild as Y.XmlText).format(0, 1, { link: { href: value } }))
      expect(verdict(link, server)).toMatch(/mark "link"/)
    })
  }

  it('refuses enum violations, over-long text and a heading without a level', () => {
    const { client, server } = demoPair()
    expect(verdict(updateOf(client, (f) => firstElement(f, 'issue').setAttribute('severity', 'apocalyptic')), server)).toMatch(/severity/)
    expect(verdict(updateOf(client, (f) => firstElement(f, 'metricRow').setAttribute('current', '9'.repeat(65))), server)).toMatch(/current/)
    expect(verdict(updateOf(client, (f) => firstElement(f, 'heading').setAttribute('level', '2' as unknown as string)), server)).toMatch(/level/)
  })

  it('keeps unknown attributes and elements with plain values, refuses them with objects', () => {
    const { client, server } = demoPair()
    expect(verdict(updateOf(client, (f) => firstElement(f, 'issue').setAttribute('futureField', 'x')), server)).toBeNull()
    const widget = (value: unknown) =>
      updateOf(new Y.Doc(), (f) => {
        const el = new Y.XmlElement('futureWidget')
        el.setAttribute('level', value as string)
        f.insert(0, [el])
      })
    expect(verdict(widget('3'))).toBeNull()
    expect(verdict(widget({ toString: 'x' }))).toMatch(/attribute "level" of "futureWidget"/)
  })

  it('refuses shared types as attribute values and plain values as content', () => {
    const nested = updateOf(new Y.Doc(), (f) => {
      const el = new Y.XmlElement('issue')
      el.setAttribute('title', new Y.XmlText('x') as unknown as string)
      f.insert(0, [el])
    })
    expect(verdict(nested)).toMatch(/must be a plain value/)
    const doc = new Y.Doc()
    const values = updateOf(doc, (f) => (f as unknown as Y.Array<unknown>).insert(0, [{ toString: 'x' }]))
    expect(verdict(values)).toMatch(/plain values are not accepted/)
  })

  it('follows a key written twice in one update (the second value names neither parent nor key)', () => {
    const { client, server } = demoPair()
    const twice = updateOf(client, (f) =>
      client.transact(() => {
        firstElement(f, 'goal').setAttribute('status', 'met')
        firstElement(f, 'goal').setAttribute('status', ['met'] as unknown as string)
      }),
    )
    expect(verdict(twice, server)).toMatch(/attribute "status" of "goal"/)
  })
})
