import { getCookie } from 'hono/cookie'
import type { Context } from 'hono'
import type { MetaStore, UserRecord } from '../meta/MetaStore'
import type { TokenService } from './TokenService'

/** Name of the HttpOnly cookie the web app authenticates with. */
export const TOKEN_COOKIE = 'ops_token'

/** A `Authorization: Bearer <token>` header's token. */
export function bearerTokenOf(c: Context): string | undefined {
  const header = c.req.header('authorization')
  return header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined
}

/**
 * The token of a request: `Authorization: Bearer`, then the cookie. Never
 * from the URL, where proxies and logs keep it (the socket takes a
 * short-lived ticket there instead: CollabTickets).
 */
export function tokenOf(c: Context): string | undefined {
  return bearerTokenOf(c) ?? getCookie(c, TOKEN_COOKIE)
}

/** The user a token stands for, or null when the token is bad, expired, revoked or the user is gone. */
export async function userForToken(
  token: string | undefined,
  tokens: TokenService,
  meta: MetaStore,
): Promise<UserRecord | null> {
  if (!token || token.length > 4096) return null
  const claims = await tokens.check(token)
  if (!claims) return null
  const user = meta.userById(claims.sub)
  if (!user || user.tokenVersion !== claims.tv) return null
  return user
}
