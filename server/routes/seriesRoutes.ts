/**
 * `GET /api/series`: the series the caller may add a report to (a role on
 * the series' latest report, seriesAccess.ts; the admin: every series), each
 * with its latest report's period and title, latest period first. The create
 * form offers them, so a team picks its own series instead of `default`.
 */
import { Hono } from 'hono'
import { seriesApi, type SeriesSummary } from '@schema/api/seriesApi'
import { reply } from '../http/validation'
import type { TokenService } from '../auth/TokenService'
import type { AppEnv } from '../http/AppEnv'
import { requireUser } from '../http/requireUser'
import type { MetaStore } from '../meta/MetaStore'
import { latestReportOf, mayCreateInSeries } from '../reports/seriesAccess'

export function seriesRoutes(meta: MetaStore, tokens: TokenService) {
  return new Hono<AppEnv>().use(requireUser(tokens, meta)).get('/', (c) => {
    const user = c.var.user
    const list: SeriesSummary[] = []
    for (const series of new Set(meta.data.reports.map((r) => r.series))) {
      const latest = latestReportOf(meta, series)
      if (!latest || !mayCreateInSeries(meta, series, user)) continue
      list.push({ series, latestPeriod: latest.period, latestTitle: latest.title })
    }
    list.sort((a, b) => b.latestPeriod.localeCompare(a.latestPeriod) || a.series.localeCompare(b.series))
    return reply(c, seriesApi.list, list)
  })
}
