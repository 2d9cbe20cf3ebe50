import type { Node as PMNode } from '@tiptap/pm/model'
import { parseReportDocument } from '@schema/parseReportDocument'
import { checkDocumentJson, DocumentLimitError, type DocumentLimits } from '../collab/documentLimits'
import { type AppError, badRequest } from '../errors'

/**
 * Turns document JSON from outside (a content PUT, a snapshot being restored,
 * a body built for a new report) into a ProseMirror document: the socket's
 * limits first (collab/documentLimits.ts: nesting of nodes and of attribute
 * values, size, attribute types), answered 400 before anything recursive
 * reads it; then every attribute value against its block's schema and the
 * structure against the report schema (parseReportDocument; `schemaError`,
 * 400 by default).
 */
export function documentFromJson(
  json: unknown,
  limits: DocumentLimits,
  schemaError: (message: string) => AppError = (message) => badRequest(`The content does not fit the report schema: ${message}`),
): PMNode {
  try {
    checkDocumentJson(json, limits)
  } catch (err) {
    if (err instanceof DocumentLimitError) throw badRequest(err.message)
    throw err
  }
  try {
    return parseReportDocument(json)
  } catch (err) {
    throw schemaError((err as Error).message)
  }
}
