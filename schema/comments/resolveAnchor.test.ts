/**
 * Anchors follow their words through edits made around them, and a thread
 * whose words were deleted is orphaned instead of pointing at a neighbour.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { prosemirrorJSONToYDoc } from '@tiptap/y-tiptap'
import { doc, kpi, p, section } from '../docBuilder'
import { BODY_FIELD, reportSchema } from '../reportSchema'
import { anchorDocumentOf } from '../../test/helpers/anchorDocumentOf'
import { createTextAnchor } from './createTextAnchor'
import { resolveAnchor } from './resolveAnchor'

const WORDS = 'QUOTED WORDS'

function setup() {
  const ydoc = prosemirrorJSONToYDoc(
    reportSchema,
    doc(section('highlights', '重要事件回顾', p(`before ${WORDS} after`)), section('goals', '目标设定', kpi({ id: 'kpi-1' }))),
    BODY_FIELD,
  )
  const at = anchorDocumentOf(ydoc, reportSchema)
  let from = -1
  at.doc.descendants((node, pos) => {
    if (node.isText && node.text!.includes(WORDS)) from = pos + node.text!.indexOf(WORDS)
  })
  const anchor = createTextAnchor(at, from, from + WORDS.length)
  /** The XmlText of the section's paragraph (child 1, after the heading). */
  const ytext = () => ((ydoc.getXmlFragment(BODY_FIELD).get(0) as Y.XmlElement).get(1) as Y.XmlElement).get(0) as Y.XmlText
  const covered = () => {
    const now = anchorDocumentOf(ydoc, reportSchema)
    const r = resolveAnchor(anchor, now)
    return r.status === 'anchored' ? now.doc.textBetween(r.from, r.to) : null
  }
  return { ydoc, anchor, ytext, covered }
}

describe('resolveAnchor', () => {
  it('keeps the quote, the block id of the section and the words', () => {
    const { anchor, covered } = setup()
    expect(anchor.quote).toBe(WORDS)
    expect(anchor.blockId).not.toBe('')
    expect(covered()).toBe(WORDS)
  })

  it('text typed right before, right after and elsewhere stays outside', () => {
    const { ytext, covered } = setup()
    const start = () => ytext().toString().indexOf(WORDS)
    ytext().insert(start(), 'X')
    ytext().insert(start() + WORDS.length, 'Y')
    ytext().insert(0, 'front ')
    ytext().delete(start() - 1, 1) // the X again
    expect(covered()).toBe(WORDS)
  })

  it('survives a paragraph inserted before its own', () => {
    const { ydoc, covered } = setup()
    const section0 = ydoc.getXmlFragment(BODY_FIELD).get(0) as Y.XmlElement
    const para = new Y.XmlElement('paragraph')
    para.insert(0, [new Y.XmlText('a new paragraph')])
    section0.insert(1, [para])
    expect(covered()).toBe(WORDS)
  })

  it('is orphaned once its words are deleted, even when new text is typed where they were', () => {
    const { anchor, ydoc, ytext } = setup()
    const start = ytext().toString().indexOf(WORDS)
    ytext().delete(start, WORDS.length)
    ytext().insert(start, 'other')
    expect(resolveAnchor(anchor, anchorDocumentOf(ydoc, reportSchema))).toEqual({ status: 'orphaned' })
  })

  it('falls back to the quote in its block when the positions are unknown to this document', () => {
    const { anchor, ydoc } = setup()
    const copy = prosemirrorJSONToYDoc(reportSchema, anchorDocumentOf(ydoc, reportSchema).doc.toJSON(), BODY_FIELD)
    const at = anchorDocumentOf(copy, reportSchema)
    const r = resolveAnchor(anchor, at)
    expect(r.status).toBe('anchored')
    if (r.status === 'anchored') expect(at.doc.textBetween(r.from, r.to)).toBe(WORDS)
  })

  it('a block anchor covers its block while it exists', () => {
    const { ydoc } = setup()
    const at = anchorDocumentOf(ydoc, reportSchema)
    const r = resolveAnchor({ blockId: 'kpi-1', field: 'summary.nps', quote: 'NPS' }, at)
    expect(r).toMatchObject({ status: 'anchored', kind: 'block' })
    if (r.status === 'anchored') expect(at.doc.nodeAt(r.from)?.type.name).toBe('kpiBlock')
    expect(resolveAnchor({ blockId: 'gone', quote: '' }, at)).toEqual({ status: 'orphaned' })
  })
})
