/** The history of one block's fields (a metric row's numbers): who changed which field, when, from what to what. */
import { z } from 'zod'
import { defineRoute } from './apiRoute'
import { reportParams } from './reportsApi'

/**
 * A block id in a path: block ids are UUIDs (schema/blockId.ts) or short
 * names in templates and tests, at most 128 characters (attributeValue.ts).
 */
export const BLOCK_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/

/** Who made a change: a signed-in user (editor, push with a session) or an API token (its id and name). */
export const changeAuthorSchema = z.object({
  kind: z.enum(['user', 'token']),
  id: z.string(),
  name: z.string(),
})
export type ChangeAuthor = z.infer<typeof changeAuthorSchema>

/** One change of one field: its value before and after (null: empty or absent). */
export const cellChangeSchema = z.object({
  /** ISO time the server applied the change. */
  at: z.string(),
  by: changeAuthorSchema,
  /** The field (attribute) of the block: `current`, `target`, `name`… */
  field: z.string(),
  from: z.string().nullable(),
  to: z.string().nullable(),
})
export type CellChange = z.infer<typeof cellChangeSchema>

export const cellHistoryApi = {
  block: defineRoute({
    method: 'get',
    path: '/api/reports/:id/blocks/:blockId/history',
    tag: 'history',
    auth: 'user',
    summary: "Every recorded change of a block's fields, oldest first (readers of the report)",
    description:
      'Changes of metric rows made by editors (over the live connection) and by pushes (API token or session). ' +
      'Computed values (KPIs) and changes from before the history was kept are not listed.',
    params: reportParams.extend({ blockId: z.string().regex(BLOCK_ID_PATTERN, 'not a block id').describe('block id') }),
    response: z.array(cellChangeSchema),
  }),
}
