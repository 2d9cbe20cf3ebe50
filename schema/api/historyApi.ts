/** A report's history: versions and autosaved snapshots, diffs, restoring a snapshot. */
import type { JSONContent } from '@tiptap/core'
import { z } from 'zod'
import type { ReportDiff } from '../diff/diffReports'
import { defineRoute, typedAs } from './apiRoute'
import { SNAPSHOT_ID_PATTERN, VERSION_LABEL_PATTERN } from './ids'
import { documentJson, reportParams } from './reportsApi'
import { versionSummarySchema } from './versionsApi'

/**
 * Why a snapshot of a draft was taken: `auto` every few minutes while people
 * edit, `close` when the last editor left with changes not yet snapshotted,
 * `before_restore` the body just before an older snapshot replaced it.
 */
export const snapshotReasonSchema = z.enum(['auto', 'close', 'before_restore'])

/** A snapshot in the history list (everything but the body). */
export const snapshotSummarySchema = z.object({
  /** Sortable by time: `s` + 13-digit epoch milliseconds + 4 random characters. */
  id: z.string(),
  /** ISO time the body was captured. */
  at: z.string(),
  reason: snapshotReasonSchema,
  /** Display names of the people who changed the body since the previous snapshot. */
  authors: z.array(z.string()),
  /** sha256 (hex) of the canonical JSON of the body: equal bodies, equal hashes. */
  sha256: z.string(),
})
export type SnapshotSummary = z.infer<typeof snapshotSummarySchema>

/** One autosaved state of a report's draft, as stored and served. */
export const snapshotSchema = snapshotSummarySchema.extend({ reportId: z.string(), content: typedAs<JSONContent>(z.looseObject({ type: z.string() })) })

/** `live`, `v:<version label>` or `s:<snapshot id>`. */
export const DIFF_REF = new RegExp(`^(?:live|v:${VERSION_LABEL_PATTERN.source.slice(1, -1)}|s:${SNAPSHOT_ID_PATTERN.source.slice(1, -1)})$`)
const refSchema = z.string().regex(DIFF_REF, 'a ref is "live", "v:<version>" (v:1, v:1.1) or "s:<snapshot id>"')

const snapshotParams = reportParams.extend({ sid: z.string().regex(SNAPSHOT_ID_PATTERN, 'not a snapshot id').describe('snapshot id') })

export const historyApi = {
  list: defineRoute({
    method: 'get',
    path: '/api/reports/:id/history',
    tag: 'history',
    auth: 'user',
    summary: 'Published versions (oldest first) and autosaved snapshots (newest first)',
    params: reportParams,
    response: z.object({ versions: z.array(versionSummarySchema), snapshots: z.array(snapshotSummarySchema) }),
  }),
  snapshot: defineRoute({
    method: 'get',
    path: '/api/reports/:id/snapshots/:sid',
    tag: 'history',
    auth: 'user',
    summary: 'One snapshot with its body',
    params: snapshotParams,
    response: snapshotSchema,
  }),
  snapshotHtml: defineRoute({
    method: 'get',
    path: '/api/reports/:id/snapshots/:sid/export.html',
    tag: 'history',
    auth: 'user',
    summary: 'One snapshot rendered as HTML',
    params: snapshotParams,
    response: { contentType: 'text/html', description: 'the rendered snapshot' },
  }),
  diff: defineRoute({
    method: 'get',
    path: '/api/reports/:id/diff',
    tag: 'history',
    auth: 'user',
    summary: 'The changes between two states, in report terms',
    params: reportParams,
    query: z.object({ from: refSchema, to: refSchema }),
    response: typedAs<ReportDiff & { from: string; to: string }>(
      z.looseObject({ from: z.string(), to: z.string(), changes: z.array(z.looseObject({ kind: z.string() })) }),
    ),
  }),
  restore: defineRoute({
    method: 'post',
    path: '/api/reports/:id/snapshots/:sid/restore',
    tag: 'history',
    auth: 'user',
    summary: 'Restore a snapshot as the new body (editor and up); the replaced body is snapshotted first',
    params: snapshotParams,
    response: documentJson,
    errors: { 422: '`snapshot_incompatible`', 423: 'published and locked', 429: 'over the hourly quota of restores' },
  }),
}
