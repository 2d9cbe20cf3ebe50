import { createMiddleware } from 'hono/factory'
import { tokenOf, userForToken } from '../auth/authenticate'
import type { TokenService } from '../auth/TokenService'
import { unauthorized } from '../errors'
import type { MetaStore } from '../meta/MetaStore'
import type { AppEnv } from './AppEnv'

/**
 * 401 unless the request carries a valid token (Bearer header or the HttpOnly
 * cookie). A request made with an API token was authenticated before any
 * route (apiTokens/apiTokenGate.ts), which lets it reach only the routes
 * tokens may call; its user is the token's creator.
 */
export function requireUser(tokens: TokenService, meta: MetaStore) {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (c.var.apiToken) return next()
    const user = await userForToken(tokenOf(c), tokens, meta)
    if (!user) throw unauthorized()
    c.set('user', user)
    await next()
  })
}
