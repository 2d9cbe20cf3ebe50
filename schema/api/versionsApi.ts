/** Check, publish, unlock, and the published versions with their exports: `/api/reports/:id/…`. */
import { z } from 'zod'
import type { CheckProblem } from '../check/CheckProblem'
import { LOCALES } from '../templates/ReportTemplate'
import { defineRoute, errorBody, typedAs } from './apiRoute'
import { VERSION_LABEL_PATTERN } from './ids'
import { DOCX_MEDIA_TYPE, reportParams } from './reportsApi'

export const publishSchema = z.object({ note: z.string().trim().max(2000).optional() }).strict()
export const unlockSchema = z.object({ reason: z.string().trim().min(1, 'reason: say why the published report is amended').max(2000) }).strict()

export const checkProblemSchema = typedAs<CheckProblem>(
  z.looseObject({
    code: z.string(),
    severity: z.enum(['error', 'warning']),
    message: z.string(),
    blockId: z.string().optional(),
    section: z.string().optional(),
  }),
)

/** The list entry of a version (schema/versions/PublishedVersion.ts VersionSummary). */
export const versionSummarySchema = z.object({
  version: z.string(),
  revision: z.number().int(),
  publishedAt: z.string(),
  sha256: z.string(),
  note: z.string().nullable(),
  publishedBy: z.string(),
})

const versionParams = reportParams.extend({
  v: z.string().regex(VERSION_LABEL_PATTERN, 'a version is "1", "1.1", …').describe('version label: `1`, then amendments `1.1`, `1.2`…'),
})
const damaged = { 500: '`storage_failed`: the file does not match its recorded sha256' }

export const versionsApi = {
  check: defineRoute({
    method: 'post',
    path: '/api/reports/:id/check',
    tag: 'publishing',
    auth: 'user',
    summary: 'Run the publish rules on the live report',
    params: reportParams,
    query: z.object({ locale: z.enum(LOCALES).optional().describe("the messages' language; the report's when absent") }),
    response: z.object({ ok: z.boolean(), problems: z.array(checkProblemSchema) }),
  }),
  publish: defineRoute({
    method: 'post',
    path: '/api/reports/:id/publish',
    tag: 'publishing',
    auth: 'user',
    summary: 'Publish the report (owner): freezes a version',
    params: reportParams,
    body: publishSchema,
    status: 201,
    response: z.object({ version: z.string(), revision: z.number().int(), sha256: z.string(), publishedAt: z.string() }),
    errors: {
      409: 'already published, or `period_published`: the series already has a published report for the month',
      422: '`check_failed`: the body also carries `ok: false` and `problems`',
    },
  }),
  unlock: defineRoute({
    method: 'post',
    path: '/api/reports/:id/unlock',
    tag: 'publishing',
    auth: 'user',
    summary: 'Unlock a published report for an amendment (owner), with a reason',
    params: reportParams,
    body: unlockSchema,
    response: z.object({ status: z.enum(['draft', 'published']), revision: z.number().int() }),
    errors: { 429: 'over the daily quota of unlocks' },
  }),
  list: defineRoute({
    method: 'get',
    path: '/api/reports/:id/versions',
    tag: 'publishing',
    auth: 'user',
    summary: 'The published versions, oldest first',
    params: reportParams,
    response: z.array(versionSummarySchema),
  }),
  get: defineRoute({
    method: 'get',
    path: '/api/reports/:id/versions/:v',
    tag: 'publishing',
    auth: 'user',
    summary: 'A published version: the bytes stored at publish time (JSON with content, HTML and KPIs)',
    params: versionParams,
    response: { contentType: 'application/json', description: 'the stored version file, identical on every fetch' },
    errors: damaged,
  }),
  exportHtml: defineRoute({
    method: 'get',
    path: '/api/reports/:id/versions/:v/export.html',
    tag: 'publishing',
    auth: 'user',
    summary: 'A published version as HTML',
    params: versionParams,
    response: { contentType: 'text/html', description: 'the rendered report' },
    errors: damaged,
  }),
  exportMd: defineRoute({
    method: 'get',
    path: '/api/reports/:id/versions/:v/export.md',
    tag: 'publishing',
    auth: 'user',
    summary: 'A published version as Markdown (a download)',
    params: versionParams,
    response: { contentType: 'text/markdown', description: 'the report as Markdown' },
    errors: damaged,
  }),
  exportDocx: defineRoute({
    method: 'get',
    path: '/api/reports/:id/versions/:v/export.docx',
    tag: 'publishing',
    auth: 'user',
    summary: 'A published version as a Word document (a download)',
    params: versionParams,
    response: { contentType: DOCX_MEDIA_TYPE, description: 'the report as .docx' },
    errors: damaged,
  }),
}

/** The 422 of a publish refused by the check. */
export const checkFailedBody = errorBody.extend({ ok: z.literal(false), problems: z.array(checkProblemSchema) })
