/** `GET /api/series`: the series a user may add a report to. */
import { z } from 'zod'
import { defineRoute } from './apiRoute'

export const seriesSummarySchema = z.object({
  series: z.string(),
  /** `YYYY-MM` of the series' latest report. */
  latestPeriod: z.string(),
  latestTitle: z.string(),
})
export type SeriesSummary = z.infer<typeof seriesSummarySchema>

export const seriesApi = {
  list: defineRoute({
    method: 'get',
    path: '/api/series',
    tag: 'reports',
    auth: 'user',
    summary: 'The series the caller may add a report to, each with its latest period and title, latest first',
    response: z.array(seriesSummarySchema),
  }),
}
