/**
 * The API contract: every REST route of the server, by resource. The server
 * validates with these schemas, the web app's client is typed by them, and
 * `GET /api/openapi.json` is generated from them; test/api.contract.test.ts
 * fails when a route of the server is missing here or the other way round.
 */
import { activityApi } from './activityApi'
import type { ApiRoute } from './apiRoute'
import { authApi } from './authApi'
import { cellHistoryApi } from './cellHistoryApi'
import { collabTicketApi } from './collabTicketApi'
import { commentsApi } from './commentsApi'
import { configApi } from './configApi'
import { healthApi } from './healthApi'
import { historyApi } from './historyApi'
import { metricsApi } from './metricsApi'
import { openApiApi } from './openApiRoute'
import { reportsApi } from './reportsApi'
import { seriesApi } from './seriesApi'
import { tokensApi } from './tokensApi'
import { usersApi } from './usersApi'
import { versionsApi } from './versionsApi'

export const apiRoutes = {
  auth: authApi,
  users: usersApi,
  reports: reportsApi,
  series: seriesApi,
  activity: activityApi,
  versions: versionsApi,
  comments: commentsApi,
  history: historyApi,
  cellHistory: cellHistoryApi,
  tokens: tokensApi,
  metrics: metricsApi,
  collabTicket: collabTicketApi,
  config: configApi,
  health: healthApi,
  openApi: openApiApi,
}

/** Every route of the contract, flat. */
export const allApiRoutes: ApiRoute[] = Object.values(apiRoutes).flatMap((group) => Object.values(group) as ApiRoute[])
