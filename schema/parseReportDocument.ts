import type { Node as PMNode } from '@tiptap/pm/model'
import { findDocumentAttributeProblem } from './nodes/attributeSchemas'
import { reportSchema } from './reportSchema'

/** A document that does not fit the report schema: its structure or an attribute value. */
export class ReportDocumentError extends Error {
  override name = 'ReportDocumentError'
}

/**
 * ProseMirror JSON → a report document, refusing what does not fit: every
 * attribute value against its node's or mark's schema (attributeSchemas.ts),
 * then node types, content and marks against the report schema. The one
 * gate for bodies that enter from outside a socket: REST content, restored
 * snapshots, new reports (template, carry-over, demo).
 */
export function parseReportDocument(json: unknown): PMNode {
  const problem = findDocumentAttributeProblem(json)
  if (problem) throw new ReportDocumentError(problem)
  try {
    const doc = reportSchema.nodeFromJSON(json)
    doc.check()
    return doc
  } catch (err) {
    throw new ReportDocumentError((err as Error).message)
  }
}
