/**
 * THE reader of a report body for every server-side consumer: the KPI
 * recompute, the publish check, publish, snapshots, GET content and KPIs,
 * the diff against the live draft. One conversion (bodyToProseMirror: it
 * never changes the document, and shows what it cannot read as quarantine
 * nodes), done once per document version and shared: the ProseMirror node
 * for the formulas and the check, its JSON for snapshots, versions, exports
 * and REST, and the document's schema version.
 *
 * Memoised per Y.Doc and invalidated by every update of that document
 * (insertions and deletions alike: a state vector would miss a deletion);
 * never cached while a transaction is open, so a reader inside one sees
 * its own changes.
 */
import * as Y from 'yjs'
import type { JSONContent } from '@tiptap/core'
import type { Node as PMNode } from '@tiptap/pm/model'
import { docSchemaVersion } from '@schema/document/migrateDocument'
import { BODY_FIELD } from '@schema/reportSchema'
import { bodyToProseMirror, type Offense } from './bodyToProseMirror'
import { DEFAULT_UPDATE_LIMITS } from './updateShape'

/** One version of a report body, read. Shared by every reader of that version: never mutate it. */
export interface ReportReading {
  /** The body as ProseMirror (offending content shown as quarantine nodes). */
  readonly node: PMNode
  /** The body as ProseMirror JSON: the shape snapshots, versions and exports share. Built on first use. */
  readonly json: JSONContent
  /** The document schema version the Y.Doc records (schema/document/migrateDocument.ts). */
  readonly schemaVersion: number
  /** What the reading shows as quarantine nodes instead (the document itself is not changed). */
  readonly offenses: readonly Offense[]
}

/** A room, or anything with its document, id and nesting limit. */
export interface ReportSource {
  id: string
  doc: Y.Doc
  limits: { maxDepth: number }
}

interface Cached {
  maxDepth: number
  reading: ReportReading
}

const cache = new WeakMap<Y.Doc, Cached>()
const watched = new WeakSet<Y.Doc>()

/** Readings made, and made again after a change (tests, benchmarks). */
export const readReportStats = { conversions: 0, hits: 0 }

function convert(doc: Y.Doc, maxDepth: number, id: string): ReportReading {
  readReportStats.conversions++
  const { doc: node, offenses } = bodyToProseMirror(doc.getXmlFragment(BODY_FIELD), maxDepth)
  if (offenses.length > 0) {
    console.warn(`[collab] report ${id}: read with ${offenses.length} block(s) shown as quarantined: ${offenses[0]!.reason.slice(0, 200)}`)
  }
  let json: JSONContent | undefined
  return {
    node,
    get json() {
      return (json ??= node.toJSON() as JSONContent)
    },
    schemaVersion: docSchemaVersion(doc),
    offenses,
  }
}

/**
 * The body of a room (or of a bare Y.Doc, read with the default nesting
 * limit), converted once per document version.
 */
export function readReport(source: ReportSource | Y.Doc): ReportReading {
  const doc = source instanceof Y.Doc ? source : source.doc
  const maxDepth = source instanceof Y.Doc ? DEFAULT_UPDATE_LIMITS.maxDepth : source.limits.maxDepth
  const id = source instanceof Y.Doc ? `(doc ${doc.guid})` : source.id
  // Inside a transaction the document may differ from what the next update event will report.
  if (doc._transaction !== null) return convert(doc, maxDepth, id)
  const hit = cache.get(doc)
  if (hit && hit.maxDepth === maxDepth) {
    readReportStats.hits++
    return hit.reading
  }
  if (!watched.has(doc)) {
    watched.add(doc)
    doc.on('update', () => cache.delete(doc))
  }
  const reading = convert(doc, maxDepth, id)
  cache.set(doc, { maxDepth, reading })
  return reading
}
