/**
 * `/api/tokens`: a signed-in user's API tokens for machines. The secret is
 * answered once, at creation, and stored only as its hash. Creating and
 * revoking are audited. An API token cannot manage tokens (apiTokenGate).
 */
import { Hono } from 'hono'
import { API_TOKEN_MAX_LIFETIME_DAYS, tokensApi, type ApiTokenInfo } from '@schema/api/tokensApi'
import { roleAtLeast } from '@schema/roles'
import type { ApiTokenRecord, ApiTokenStore } from '../apiTokens/ApiTokenStore'
import { hashApiTokenSecret, newApiTokenSecret } from '../apiTokens/apiTokenSecret'
import type { TokenService } from '../auth/TokenService'
import { badRequest, forbidden, notFound, quotaExceeded } from '../errors'
import type { AppEnv } from '../http/AppEnv'
import { requireUser } from '../http/requireUser'
import { jsonBody, paramsOf, reply } from '../http/validation'
import { audit } from '../meta/audit'
import type { MetaStore } from '../meta/MetaStore'
import { newId } from '../meta/newId'
import { effectiveRole } from '../reports/effectiveRole'

/** Most live (not revoked, not expired) tokens a user holds at once. */
export const MAX_TOKENS_PER_USER = 50

const DAY_MS = 24 * 3600 * 1000

/** A token as listed: everything but its hash. */
export const tokenInfo = (r: ApiTokenRecord): ApiTokenInfo => ({
  id: r.id,
  name: r.name,
  scope: r.scope,
  createdAt: r.createdAt,
  expiresAt: r.expiresAt,
  lastUsedAt: r.lastUsedAt,
  revoked: r.revokedAt !== null,
})

export function tokenRoutes(deps: { meta: MetaStore; tokens: TokenService; apiTokens: ApiTokenStore }) {
  const { meta, apiTokens } = deps
  return new Hono<AppEnv>()
    .use(requireUser(deps.tokens, meta))
    .post('/', jsonBody(tokensApi.create.body), async (c) => {
      const { name, scope, expiresAt } = c.req.valid('json')
      const user = c.var.user
      const now = new Date()
      const expires = new Date(expiresAt)
      if (expires.getTime() <= now.getTime()) throw badRequest('Invalid body: expiresAt: must be in the future', [{ path: 'expiresAt', message: 'must be in the future' }])
      if (expires.getTime() > now.getTime() + API_TOKEN_MAX_LIFETIME_DAYS * DAY_MS) {
        const message = `must be at most ${API_TOKEN_MAX_LIFETIME_DAYS} days ahead`
        throw badRequest(`Invalid body: expiresAt: ${message}`, [{ path: 'expiresAt', message }])
      }
      // Never more than the creator may do now: each named report must be one they may edit (checked again at each use).
      const refused = (scope.reports ?? []).filter((id) => {
        const role = meta.report(id) ? effectiveRole(meta, id, user) : undefined
        return !role || !roleAtLeast(role, 'editor')
      })
      if (refused.length > 0) throw forbidden(`You may not edit these reports of the scope: ${refused.join(', ')}.`)
      if ((await apiTokens.activeCount(user.id, now.toISOString())) >= MAX_TOKENS_PER_USER) {
        throw quotaExceeded(422, `You hold ${MAX_TOKENS_PER_USER} API tokens, the most allowed; revoke one first.`, { limit: MAX_TOKENS_PER_USER })
      }
      const secret = newApiTokenSecret()
      const record: ApiTokenRecord = {
        id: newId('k'),
        userId: user.id,
        name,
        scope: { ...(scope.series ? { series: [...new Set(scope.series)] } : {}), ...(scope.reports ? { reports: [...new Set(scope.reports)] } : {}) },
        hash: hashApiTokenSecret(secret),
        createdAt: now.toISOString(),
        expiresAt: expires.toISOString(),
        lastUsedAt: null,
        revokedAt: null,
      }
      await apiTokens.create(record)
      await meta.update((data) => {
        audit(data, { userId: user.id, action: 'user.token.create', detail: { tokenId: record.id, name, scope: record.scope, expiresAt: record.expiresAt } })
      })
      return reply(c, tokensApi.create, { ...tokenInfo(record), token: secret })
    })
    .get('/', async (c) => reply(c, tokensApi.list, (await apiTokens.listFor(c.var.user.id)).map(tokenInfo)))
    .delete('/:id', paramsOf(tokensApi.revoke.params), async (c) => {
      const { id } = c.req.valid('param')
      const user = c.var.user
      const found = await apiTokens.byId(id)
      // Someone else's token is not found (an admin may revoke anyone's).
      if (!found || (found.userId !== user.id && !user.admin)) throw notFound('API token')
      const revoked = (await apiTokens.revoke(id, new Date().toISOString()))!
      if (revoked.revokedAt !== found.revokedAt) {
        await meta.update((data) => {
          audit(data, { userId: user.id, action: 'user.token.revoke', detail: { tokenId: id, name: found.name, ownerId: found.userId } })
        })
      }
      return reply(c, tokensApi.revoke, tokenInfo(revoked))
    })
}
