/**
 * API tokens for machines (`/api/tokens`): a user creates one with a name, a
 * scope (series and/or reports) and an expiry; its secret is shown once, in
 * the answer to the creation, and stored only as a hash. A token acts for its
 * creator, never beyond what the creator may do now nor outside its scope,
 * and reaches only the push endpoints (schema/api/metricsApi.ts) and the
 * reading of a report in its scope.
 */
import { z } from 'zod'
import { REPORT_ID_PATTERN } from '../reportId'
import { defineRoute } from './apiRoute'

/** What every token secret starts with (a Bearer starting so is an API token, not a session). */
export const API_TOKEN_PREFIX = 'opr_'
/** An API token id: `k` + 20 base32 characters (server/meta/newId.ts). */
export const API_TOKEN_ID_PATTERN = /^k[a-z2-7]{20}$/
/** The furthest ahead a token may expire. */
export const API_TOKEN_MAX_LIFETIME_DAYS = 366
/** Most entries in each list of a scope. */
export const API_TOKEN_SCOPE_MAX = 100

/** A series name, as reports have them (reportsApi newReportSchema). */
const seriesName = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'series: lowercase letters, digits, _ and -')

export const apiTokenScopeSchema = z
  .strictObject({
    /** Every live report of these series (the creator's role on each is checked at each call). */
    series: z.array(seriesName).max(API_TOKEN_SCOPE_MAX).optional(),
    /** These reports. */
    reports: z.array(z.string().regex(REPORT_ID_PATTERN, 'not a report id')).max(API_TOKEN_SCOPE_MAX).optional(),
  })
  .refine((s) => (s.series?.length ?? 0) + (s.reports?.length ?? 0) > 0, 'scope: name at least one series or report')
export type ApiTokenScope = z.infer<typeof apiTokenScopeSchema>

export const newApiTokenSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  scope: apiTokenScopeSchema,
  /** ISO 8601 with an offset; in the future, at most API_TOKEN_MAX_LIFETIME_DAYS ahead. */
  expiresAt: z.iso.datetime({ offset: true }),
})

/** A token as listed: never its secret. */
export const apiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  scope: z.object({ series: z.array(z.string()).optional(), reports: z.array(z.string()).optional() }),
  createdAt: z.string(),
  expiresAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revoked: z.boolean(),
})
export type ApiTokenInfo = z.infer<typeof apiTokenSchema>

export const apiTokenParams = z.object({ id: z.string().regex(API_TOKEN_ID_PATTERN, 'not a token id').describe('token id') })

export const tokensApi = {
  create: defineRoute({
    method: 'post',
    path: '/api/tokens',
    tag: 'tokens',
    auth: 'user',
    summary: 'Creates an API token; the answer holds its secret, shown this once',
    body: newApiTokenSchema,
    status: 201,
    response: apiTokenSchema.extend({ token: z.string().describe('the secret: `opr_…`, sent as `Authorization: Bearer`') }),
    errors: {
      400: 'no scope, an expiry in the past or more than a year ahead',
      403: 'a report of the scope the caller may not edit, or called with an API token',
      422: 'the caller has the most tokens allowed',
    },
  }),
  list: defineRoute({
    method: 'get',
    path: '/api/tokens',
    tag: 'tokens',
    auth: 'user',
    summary: "The caller's API tokens, newest first, with their last use (never their secrets)",
    response: z.array(apiTokenSchema),
  }),
  revoke: defineRoute({
    method: 'delete',
    path: '/api/tokens/:id',
    tag: 'tokens',
    auth: 'user',
    summary: 'Revokes an API token of the caller (an admin: anyone’s) at once',
    params: apiTokenParams,
    response: apiTokenSchema,
    errors: { 404: 'no such token of the caller' },
  }),
}
