/**
 * Machine push of metric values (`PUT …/metrics`): a system sends the values
 * of a report's metric rows by key; the server writes them into the live
 * document as its own peer (every open editor sees them, the KPIs recompute).
 * Sending the same body again changes nothing. Called with a session or an
 * API token (schema/api/tokensApi.ts) whose scope holds the report.
 */
import { z } from 'zod'
import { ATTRIBUTE_LIMITS as L } from '../nodes/attributeValue'
import { defineRoute } from './apiRoute'
import { reportParams } from './reportsApi'

/** Most metrics in one push. */
export const MAX_PUSHED_METRICS = 500

/** A value as a system has it: a number, text as typed ("92.1%"), or null to empty the field. */
const numberField = z.union([z.string().max(L.number), z.number().finite()]).nullable().optional()

export const pushedMetricSchema = z.strictObject({
  key: z.string().min(1).max(L.key),
  current: numberField,
  previous: numberField,
  target: numberField,
  unit: z.string().max(L.unit).nullable().optional(),
  name: z.string().max(L.line).nullable().optional(),
  source: z.string().max(L.line).nullable().optional(),
})
export type PushedMetric = z.infer<typeof pushedMetricSchema>

export const metricsPushSchema = z.strictObject({
  metrics: z
    .array(pushedMetricSchema)
    .min(1)
    .max(MAX_PUSHED_METRICS)
    .refine((list) => new Set(list.map((m) => m.key)).size === list.length, 'metrics: each key at most once'),
  /** Keys no row has become new rows at the end of the first metrics table (else: 400 `unknown_metrics`). */
  createMissing: z.boolean().optional(),
})
export type MetricsPush = z.infer<typeof metricsPushSchema>

export const metricsPushResultSchema = z.object({
  reportId: z.string(),
  /** Keys whose row changed. */
  updated: z.array(z.string()),
  /** Keys that became new rows (createMissing). */
  created: z.array(z.string()),
  /** Keys whose row already held every value sent. */
  unchanged: z.array(z.string()),
})
export type MetricsPushResult = z.infer<typeof metricsPushResultSchema>

export const seriesPeriodParams = z.object({
  series: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'series: lowercase letters, digits, _ and -').describe('series'),
  period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'period: YYYY-MM').describe('YYYY-MM'),
})

const pushErrors = {
  400: 'unknown keys without createMissing (`unknown_metrics`, the keys in details), no metrics table to add rows to, a value the metric row refuses',
  403: 'the caller may not edit the report, or it is outside the API token’s scope (`out_of_scope`)',
  423: 'the report is published and locked',
}

export const metricsApi = {
  pushReport: defineRoute({
    method: 'put',
    path: '/api/reports/:id/metrics',
    tag: 'metrics',
    auth: 'user',
    summary: "Writes metric values into a report's metric rows by key, as one change",
    params: reportParams,
    body: metricsPushSchema,
    response: metricsPushResultSchema,
    errors: pushErrors,
  }),
  pushSeries: defineRoute({
    method: 'put',
    path: '/api/series/:series/periods/:period/metrics',
    tag: 'metrics',
    auth: 'user',
    summary: 'The same, into the live report of a series and month that the caller may edit',
    params: seriesPeriodParams,
    body: metricsPushSchema,
    response: metricsPushResultSchema,
    errors: { ...pushErrors, 404: 'no live report of that series and month the caller may edit', 409: 'several such reports (`ambiguous_report`): push by report id' },
  }),
}
