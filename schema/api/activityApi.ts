/** `GET /api/reports/:id/activity`: the audit entries of one report. */
import { z } from 'zod'
import { defineRoute } from './apiRoute'
import { reportParams } from './reportsApi'

/** The actions a report's activity lists; other audit entries (users, passwords) are not about a report. */
export const ACTIVITY_ACTIONS = [
  'report.create',
  'report.publish',
  'report.unlock',
  'report.restore',
  'report.archive',
  'report.unarchive',
  'member.set',
  'member.remove',
  /** Metric values written by a system (PUT …/metrics), with an API token or a session. */
  'report.metrics.push',
] as const

const person = z.object({ id: z.string(), displayName: z.string() })

/** One entry as the client shows it. */
export const activityEntrySchema = z.object({
  at: z.string(),
  action: z.enum(ACTIVITY_ACTIONS),
  actor: person,
  /** The member a member change concerns. */
  subject: person.optional(),
  detail: z.record(z.string(), z.unknown()),
})
export type ActivityEntry = z.infer<typeof activityEntrySchema>

export const activityApi = {
  list: defineRoute({
    method: 'get',
    path: '/api/reports/:id/activity',
    tag: 'reports',
    auth: 'user',
    summary: "The report's audit entries, newest first (member changes for owners and admins only)",
    params: reportParams,
    response: z.object({ reportId: z.string(), entries: z.array(activityEntrySchema) }),
  }),
}
