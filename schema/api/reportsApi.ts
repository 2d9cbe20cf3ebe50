/** Reports, their members, live content and KPIs: `/api/reports`. */
import type { JSONContent } from '@tiptap/core'
import { z } from 'zod'
import type { KpiValue } from '../kpi/computeReportKpis'
import { REPORT_ID_PATTERN } from '../reportId'
import { ROLES } from '../roles'
import { LOCALES } from '../templates/ReportTemplate'
import { DEFAULT_TEMPLATE, templates } from '../templates/templates'
import { defineRoute, emptyBody, typedAs } from './apiRoute'
import { USER_ID_PATTERN } from './ids'
import { publicUserSchema, usernameSchema } from './usersApi'

export const roleSchema = z.enum(ROLES)

export const newReportSchema = z.object({
  title: z.string().trim().min(1).max(200),
  period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'period: YYYY-MM'),
  series: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'series: lowercase letters, digits, _ and -')
    .default('default'),
  template: z
    .string()
    .refine((t) => Object.hasOwn(templates, t), 'template: unknown')
    .default(DEFAULT_TEMPLATE),
  locale: z.enum(LOCALES).default('zh-CN'),
})

export const memberSchema = z.object({ role: roleSchema })
/** Adding a member by login name: an owner need not be able to list every user to add one. */
export const newMemberSchema = z.strictObject({ username: usernameSchema, role: roleSchema })

/** A ProseMirror document of the report schema (checked against the schema and the socket's limits by the server). */
export const contentSchema = z.looseObject({ type: z.literal('doc'), content: z.array(z.unknown()).min(1) })
/** ProseMirror JSON as the server answers it. */
export const documentJson = typedAs<JSONContent>(z.looseObject({ type: z.literal('doc'), content: z.array(z.unknown()).optional() }))

const person = z.object({ id: z.string(), displayName: z.string() })

/** A report's metadata as stored (server/meta/MetaStore.ts ReportRecord). */
export const reportRecordSchema = z.object({
  id: z.string(),
  title: z.string(),
  period: z.string().describe('YYYY-MM'),
  series: z.string(),
  template: z.string(),
  locale: z.enum(LOCALES),
  status: z.enum(['draft', 'published']),
  /** 0 for the original, n while amendment v1.n is drafted or published. */
  revision: z.number().int(),
  createdBy: z.string(),
  createdAt: z.string(),
  /** The latest published version, if any. */
  published: z.object({ version: z.string(), publishedAt: z.string(), publishedBy: person }).nullable().optional(),
  /** sha256 (hex) of each published version's file, by label. */
  versionDigests: z.record(z.string(), z.string()).optional(),
  /** Where last month's data came from (monthly cycle); null when the previous month had no published report. */
  previous: z
    .object({
      reportId: z.string(),
      period: z.string(),
      version: z.string(),
      carried: z.object({ metrics: z.number(), issues: z.number().optional(), actions: z.number(), goals: z.number() }),
    })
    .nullable()
    .optional(),
  /** Set while the report is archived; null (or absent) while it is live. */
  archived: z.object({ at: z.string(), by: z.string() }).nullable().optional(),
})
export type ReportRecord = z.infer<typeof reportRecordSchema>

export const reportListItemSchema = reportRecordSchema.extend({
  role: roleSchema,
  /** Until when an archived report can be restored; null while live. */
  restorableUntil: z.string().nullable().optional(),
})
export type ReportListItem = z.infer<typeof reportListItemSchema>

export const reportMemberSchema = publicUserSchema.extend({ userId: z.string(), role: roleSchema })
export type ReportMember = z.infer<typeof reportMemberSchema>

export const reportDetailSchema = reportListItemSchema.extend({ members: z.array(reportMemberSchema) })
export type ReportDetail = z.infer<typeof reportDetailSchema>

/** `:id` of every report route: malformed ids answer 400, unknown ones 404, archived ones 410. */
export const reportParams = z.object({ id: z.string().regex(REPORT_ID_PATTERN).describe('report id') })
const memberParams = reportParams.extend({ userId: z.string().regex(USER_ID_PATTERN, 'not a user id').describe('user id') })

const kpiValueSchema = z.looseObject({
  key: z.string(),
  label: z.string(),
  value: z.number().nullable(),
  reason: z.string().optional(),
  display: z.string(),
  formula: z.string(),
  inputs: z.array(z.unknown()),
  period: z.string(),
})
export const kpiValues = typedAs<KpiValue[]>(z.array(kpiValueSchema))

/** Word's media type (schema/export/renderReportDocx.ts answers it; not imported, to keep the docx library out of the client). */
export const DOCX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'

const memberChange = z.object({ reportId: z.string(), userId: z.string(), role: roleSchema })

export const reportsApi = {
  create: defineRoute({
    method: 'post',
    path: '/api/reports',
    tag: 'reports',
    auth: 'user',
    summary: "Create a report from a template; carries over last month's published report of the series",
    body: newReportSchema,
    status: 201,
    response: reportDetailSchema,
    errors: { 403: '`series_forbidden`: no role in the series', 429: 'over the daily quota (REPORTS_PER_USER_PER_DAY)' },
  }),
  list: defineRoute({
    method: 'get',
    path: '/api/reports',
    tag: 'reports',
    auth: 'user',
    summary: "The caller's live reports, latest period first; `?archived=1`: the archived ones they own that can still be restored",
    query: z.object({ archived: z.string().max(8).optional().describe('`1`: the restorable archived reports instead') }),
    response: z.array(reportListItemSchema),
  }),
  get: defineRoute({
    method: 'get',
    path: '/api/reports/:id',
    tag: 'reports',
    auth: 'user',
    summary: 'A report with the caller’s role and its members',
    params: reportParams,
    response: reportDetailSchema,
  }),
  archive: defineRoute({
    method: 'post',
    path: '/api/reports/:id/archive',
    tag: 'reports',
    auth: 'user',
    summary: 'Archive a report (owner or admin): out of every list, its sockets closed, restorable for ARCHIVE_RESTORE_DAYS',
    params: reportParams,
    body: emptyBody,
    response: z.object({ reportId: z.string(), archived: z.object({ at: z.string(), by: z.string() }), restorableUntil: z.string().nullable() }),
  }),
  restoreArchived: defineRoute({
    method: 'post',
    path: '/api/reports/:id/restore-archived',
    tag: 'reports',
    auth: 'user',
    summary: 'Restore an archived report (owner or admin)',
    params: reportParams,
    body: emptyBody,
    response: reportDetailSchema,
    errors: { 409: '`not_archived`', 410: '`archive_expired`' },
  }),
  setMember: defineRoute({
    method: 'put',
    path: '/api/reports/:id/members/:userId',
    tag: 'members',
    auth: 'user',
    summary: 'Give a user a role on the report (owner)',
    params: memberParams,
    body: memberSchema,
    response: memberChange,
    errors: { 409: '`last_owner`: a report keeps at least one owner', 429: 'over the hourly quota of member changes' },
  }),
  addMember: defineRoute({
    method: 'post',
    path: '/api/reports/:id/members',
    tag: 'members',
    auth: 'user',
    summary: 'Add a member by login name (owner)',
    params: reportParams,
    body: newMemberSchema,
    response: memberChange,
    errors: { 404: 'no such user', 429: 'over the hourly quota of member changes' },
  }),
  removeMember: defineRoute({
    method: 'delete',
    path: '/api/reports/:id/members/:userId',
    tag: 'members',
    auth: 'user',
    summary: 'Remove a member (owner); their open sockets on the report close',
    params: memberParams,
    response: z.object({ reportId: z.string(), userId: z.string(), removed: z.literal(true) }),
    errors: { 404: 'not a member', 409: '`last_owner`' },
  }),
  getContent: defineRoute({
    method: 'get',
    path: '/api/reports/:id/content',
    tag: 'content',
    auth: 'user',
    summary: 'The live body as ProseMirror JSON',
    params: reportParams,
    response: documentJson,
  }),
  putContent: defineRoute({
    method: 'put',
    path: '/api/reports/:id/content',
    tag: 'content',
    auth: 'user',
    summary: 'Replace the live body (editor and up): ProseMirror JSON of the report schema within the socket’s limits',
    params: reportParams,
    body: contentSchema,
    response: documentJson,
    errors: { 423: 'published and locked' },
  }),
  draftDocx: defineRoute({
    method: 'get',
    path: '/api/reports/:id/export.docx',
    tag: 'content',
    auth: 'user',
    summary: 'The live draft as a Word document (a download), its KPIs computed now',
    params: reportParams,
    response: { contentType: DOCX_MEDIA_TYPE, description: 'the draft as .docx' },
  }),
  kpis: defineRoute({
    method: 'get',
    path: '/api/reports/:id/kpis',
    tag: 'content',
    auth: 'user',
    summary: 'The KPI values computed from the live body now',
    params: reportParams,
    response: z.object({ reportId: z.string(), period: z.string(), computedAt: z.string(), values: kpiValues }),
  }),
}
