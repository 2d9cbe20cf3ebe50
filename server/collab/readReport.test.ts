import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { prosemirrorJSONToYXmlFragment, yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap'
import { BODY_FIELD, reportSchema } from '@schema/reportSchema'
import { CURRENT_SCHEMA_VERSION, stampSchemaVersion } from '@schema/document/migrateDocument'
import { demoReportContent } from '../demo/demoReportContent'
import { readReport, readReportStats } from './readReport'

function demoDoc(): Y.Doc {
  const doc = new Y.Doc()
  prosemirrorJSONToYXmlFragment(reportSchema, demoReportContent(), doc.getXmlFragment(BODY_FIELD))
  return doc
}
/** The first section element of the body and its index among the top-level nodes. */
function firstSection(doc: Y.Doc): [Y.XmlElement, number] {
  const all = doc.getXmlFragment(BODY_FIELD).toArray()
  const i = all.findIndex((n) => n instanceof Y.XmlElement && n.nodeName === 'reportSection')
  return [all[i] as Y.XmlElement, i]
}
const source = (doc: Y.Doc) => ({ id: 'rtest', doc, limits: { maxDepth: 100 } })

describe('readReport', () => {
  it('converts a document version once, whoever reads it', () => {
    const doc = demoDoc()
    const before = readReportStats.conversions
    const a = readReport(source(doc))
    const b = readReport(source(doc))
    const c = readReport(doc)
    expect(b).toBe(a)
    expect(c).toBe(a)
    expect(readReportStats.conversions - before).toBe(1)
    expect(a.json).toBe(a.json) // built once
    expect(a.json).toEqual(a.node.toJSON())
    expect(a.node.toJSON()).toEqual(yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment(BODY_FIELD), reportSchema).toJSON())
  })

  it('reads again after any change, a deletion included (which leaves the state vector as it was)', () => {
    const doc = demoDoc()
    const first = readReport(doc)
    const fragment = doc.getXmlFragment(BODY_FIELD)
    const sv = Y.encodeStateVector(doc)
    fragment.delete(fragment.length - 1, 1)
    expect(Y.encodeStateVector(doc)).toEqual(sv)
    const second = readReport(doc)
    expect(second).not.toBe(first)
    expect(second.node.childCount).toBe(first.node.childCount - 1)
    const [el, i] = firstSection(doc)
    el.setAttribute('key', 'summary')
    expect(readReport(doc).node.child(i).attrs.key).toBe('summary')
  })

  it('inside a transaction, reads what the transaction did so far and caches nothing', () => {
    const doc = demoDoc()
    const outside = readReport(doc)
    const [el, i] = firstSection(doc)
    doc.transact(() => {
      el.setAttribute('key', 'summary')
      expect(readReport(doc).node.child(i).attrs.key).toBe('summary')
    })
    expect(readReport(doc)).not.toBe(outside)
  })

  it('names the schema version and shows unknown content quarantined without changing the document', () => {
    const doc = demoDoc()
    expect(readReport(doc).schemaVersion).toBe(1)
    stampSchemaVersion(doc)
    expect(readReport(doc).schemaVersion).toBe(CURRENT_SCHEMA_VERSION)
    doc.getXmlFragment(BODY_FIELD).insert(0, [new Y.XmlElement('legacyChart')])
    const state = Y.encodeStateAsUpdate(doc)
    const reading = readReport(doc)
    expect(reading.node.child(0).type.name).toBe('quarantine')
    expect(reading.offenses).toHaveLength(1)
    expect(Y.encodeStateAsUpdate(doc)).toEqual(state)
  })
})
