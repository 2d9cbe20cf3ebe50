import { getSchema } from '@tiptap/core'
import { reportExtensions } from './reportExtensions'

/** The ProseMirror schema of a report, identical on server and client. */
export const reportSchema = getSchema(reportExtensions)

/** Name of the Y.XmlFragment holding the report body (TipTap's default field). */
export const BODY_FIELD = 'default'
