import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { prosemirrorJSONToYDoc, yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap'
import { demoReportContent } from '../demo/demoReportContent'
import { doc as docOf, h, issue, metric, metrics, p, section } from '@schema/docBuilder'
import { BODY_FIELD, reportSchema } from '@schema/reportSchema'
import { bodyToProseMirror } from './bodyToProseMirror'
import { quarantineOffending } from './quarantineOffending'

const MAX = 100
const ydocOf = (json: object) => prosemirrorJSONToYDoc(reportSchema, json, BODY_FIELD)
const body = (d: Y.Doc) => d.getXmlFragment(BODY_FIELD)
const sectionAt = (d: Y.Doc, i: number) => body(d).get(i) as Y.XmlElement
const state = (d: Y.Doc) => Buffer.from(Y.encodeStateAsUpdate(d)).toString('base64')

describe('bodyToProseMirror', () => {
  it('converts a valid report exactly as y-tiptap does', () => {
    const d = ydocOf(demoReportContent())
    expect(bodyToProseMirror(body(d), MAX).doc.toJSON()).toEqual(yXmlFragmentToProseMirrorRootNode(body(d), reportSchema).toJSON())
    expect(bodyToProseMirror(body(d), MAX).offenses).toEqual([])
  })

  it('never changes the document; text with an unknown mark becomes a quarantined paragraph in the result', () => {
    const d = ydocOf(docOf(h(1, 'T'), section('k', 'S', p('保留这段文字'))))
    const text = (sectionAt(d, 1).get(1) as Y.XmlElement).get(0) as Y.XmlText
    text.format(0, 2, { evilMark: {} })
    const before = state(d)
    const { doc, offenses } = bodyToProseMirror(body(d), MAX)
    expect(state(d)).toBe(before)
    expect(offenses).toHaveLength(1)
    expect(offenses[0]!.reason).toMatch(/unknown mark "evilMark"/)
    const q = doc.child(1).child(1)
    expect(q.type.name).toBe('quarantine')
    expect(q.attrs.originalType).toBe('paragraph')
    expect(q.attrs.raw).toContain('<evilMark>保留</evilMark>这段文字')
    doc.check()
    // y-tiptap's conversion deletes the text from the document.
    yXmlFragmentToProseMirrorRootNode(body(d), reportSchema)
    expect(body(d).toString()).not.toContain('这段文字')
  })

  it('quarantines the nearest block that may be replaced: a heading takes its section with it', () => {
    const d = ydocOf(docOf(h(1, 'T'), section('k', '标题', p('正文'))))
    ;((sectionAt(d, 1).get(0) as Y.XmlElement).get(0) as Y.XmlText).format(0, 1, { evilMark: {} })
    const { doc, offenses } = bodyToProseMirror(body(d), MAX)
    expect(offenses.map((o) => (o.target as Y.XmlElement).nodeName)).toEqual(['reportSection'])
    expect(doc.child(1).type.name).toBe('quarantine')
    expect(doc.child(1).attrs.raw).toContain('正文')
    doc.check()
  })

  it('quarantines hostile and deep attribute values without calling or recursing into them', () => {
    const d = ydocOf(docOf(h(1, 'T'), section('k', 'S', issue({ title: 't' }, p('描述')))))
    const el = sectionAt(d, 1).get(1) as Y.XmlElement
    el.setAttribute('owner', { toString: 'x', toJSON: 'y' } as unknown as string)
    let deep: unknown = 'x'
    for (let i = 0; i < 3000; i++) deep = { a: deep }
    const other = new Y.XmlElement('issue')
    other.setAttribute('owner', deep as string)
    other.insert(0, [new Y.XmlElement('paragraph')])
    sectionAt(d, 1).insert(2, [other])
    const { doc, offenses } = bodyToProseMirror(body(d), MAX)
    expect(offenses).toHaveLength(2)
    expect(doc.child(1).child(1).attrs.raw).toContain('toString')
    expect(doc.child(1).child(2).attrs.raw).toMatch(/nested 100 levels deep or more/)
    expect(JSON.stringify(doc.toJSON()).length).toBeLessThan(10_000)

    const done = quarantineOffending(body(d), MAX)
    expect(done.map((x) => x.originalType)).toEqual(['issue', 'issue'])
    expect(bodyToProseMirror(body(d), MAX).offenses).toEqual([])
    expect(sectionAt(d, 1).toArray().map((c) => (c as Y.XmlElement).nodeName)).toEqual(['heading', 'quarantine', 'quarantine'])
  })

  it('quarantines an unknown attribute on a known block', () => {
    const d = ydocOf(docOf(h(1, 'T'), section('k', 'S', p('有属性'))))
    ;(sectionAt(d, 1).get(1) as Y.XmlElement).setAttribute('evilAttr', 'v')
    const { offenses } = bodyToProseMirror(body(d), MAX)
    expect(offenses[0]!.reason).toMatch(/unknown attribute "evilAttr"/)
  })

  it('takes a bad row out of its metrics table and puts its quarantine block after the table; the other rows stay', () => {
    const d = ydocOf(docOf(h(1, 'T'), section('k', 'S', metrics(metric({ key: 'a', name: 'A' }), metric({ key: 'b', name: 'B' })), p('后文'))))
    const table = sectionAt(d, 1).get(1) as Y.XmlElement
    ;(table.get(0) as Y.XmlElement).setAttribute('current', { toString: 'x' } as unknown as string)
    const { doc } = bodyToProseMirror(body(d), MAX)
    expect(doc.child(1).child(1).type.name).toBe('metricsTable')
    expect(doc.child(1).child(1).childCount).toBe(1)
    expect(doc.child(1).child(2).attrs.originalType).toBe('metricRow')
    doc.check()
    quarantineOffending(body(d), MAX)
    expect(sectionAt(d, 1).toArray().map((c) => (c as Y.XmlElement).nodeName)).toEqual(['heading', 'metricsTable', 'quarantine', 'paragraph'])
    expect(table.length).toBe(1)
    expect((table.get(0) as Y.XmlElement).getAttribute('key')).toBe('b')
    // The only row of a table cannot be taken out: the table goes to quarantine as a whole.
    const e = ydocOf(docOf(h(1, 'T'), section('k', 'S', metrics(metric({ key: 'a', name: 'A' })))))
    ;((sectionAt(e, 1).get(1) as Y.XmlElement).get(0) as Y.XmlElement).setAttribute('current', ['x'] as unknown as string)
    expect(bodyToProseMirror(body(e), MAX).doc.child(1).child(1).attrs.originalType).toBe('metricsTable')
  })
})
