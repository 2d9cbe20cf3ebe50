/**
 * Requests made with an API token (`Authorization: Bearer opr_…`), before
 * any route: the token is looked up by the hash of its secret (401 unknown,
 * revoked or expired; 401 when its creator is gone or deactivated), then
 * only the routes tokens may reach pass (403 `token_not_allowed` for every
 * other one), a report of the path must be in the token's scope (403
 * `out_of_scope`), and the request runs as the token's creator, whose role
 * on the report the route checks now, as for any call. The last use is
 * recorded (at most once a minute). Other requests pass untouched.
 */
import { createMiddleware } from 'hono/factory'
import type { ApiRoute } from '@schema/api/apiRoute'
import { metricsApi } from '@schema/api/metricsApi'
import { reportsApi } from '@schema/api/reportsApi'
import { bearerTokenOf } from '../auth/authenticate'
import { AppError, unauthorized } from '../errors'
import type { AppEnv } from '../http/AppEnv'
import type { MetaStore } from '../meta/MetaStore'
import { isTokenLive, type ApiTokenStore } from './ApiTokenStore'
import { hashApiTokenSecret, isApiTokenSecret, isPlausibleSecret } from './apiTokenSecret'
import { requireTokenScope } from './apiTokenScope'

/** The routes an API token reaches: the pushes, and reading a report of its scope. */
export const API_TOKEN_ROUTES: readonly ApiRoute[] = [metricsApi.pushReport, metricsApi.pushSeries, reportsApi.get, reportsApi.getContent, reportsApi.kpis]

interface Allowed {
  method: string
  pattern: RegExp
  /** The path has a report id (`:id`): checked against the scope here. */
  reportId: boolean
}

const allowed: Allowed[] = API_TOKEN_ROUTES.map((r) => ({
  method: r.method.toUpperCase(),
  pattern: new RegExp(`^${r.path.replace(/:(\w+)/g, (_, name: string) => `(?<${name}>[^/]+)`)}/?$`),
  reportId: r.path.includes(':id'),
}))

export const tokenNotAllowed = () => new AppError(403, 'token_not_allowed', 'API tokens may only push metrics and read the reports of their scope.')

export function apiTokenGate(store: ApiTokenStore, meta: MetaStore) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const secret = bearerTokenOf(c)
    if (!isApiTokenSecret(secret)) return next()
    const now = new Date().toISOString()
    const record = isPlausibleSecret(secret) ? await store.byHash(hashApiTokenSecret(secret)) : undefined
    if (!record || !isTokenLive(record, now)) throw unauthorized('The API token is unknown, revoked or expired.')
    const creator = meta.userById(record.userId)
    if (!creator?.active) throw unauthorized('The account that created this API token is deactivated.')
    const route = allowed.find((a) => a.method === c.req.method && a.pattern.test(c.req.path))
    if (!route) throw tokenNotAllowed()
    c.set('user', creator)
    c.set('apiToken', record)
    if (route.reportId) {
      const id = route.pattern.exec(c.req.path)!.groups!.id!
      requireTokenScope(c, meta.report(id))
    }
    await store.touch(record.id, now).catch((err: unknown) => console.error(`[tokens] last use of API token ${record.id} not recorded:`, err))
    await next()
  })
}
