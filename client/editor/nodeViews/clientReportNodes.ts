import type { AnyExtension } from '@tiptap/core'
import { reportBlocks } from '@schema/reportExtensions'

/**
 * The schema's report nodes, extended on the client with React node views
 * (`Node.extend({ addNodeView })`); the schema itself stays data only.
 */
export const clientReportNodes: AnyExtension[] = [...Object.values(reportBlocks)]
