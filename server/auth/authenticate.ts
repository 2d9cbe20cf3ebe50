import { getCookie } from 'hono/cookie'
import type { Context } from 'hono'
import type { MetaStore, UserRecord } from '../meta/MetaStore'
import type { TokenService } from './TokenService'

/** Name of the HttpOnly cookie the web app authenticates with. */
export const TOKEN_COOKIE = 'ops_token'

/** The token of a request: `Authorization: Bearer`, then `?token=` (sockets only), then the cookie. */
export function tokenOf(c: Context, allowQuery: boolean): string | undefined {
  const header = c.req.header('authorization')
  if (header?.startsWith('Bearer ')) return header.slice(7).trim()
  if (allowQuery) {
    const q = c.req.query('token')
    if (q) return q
  }
  return getCookie(c, TOKEN_COOKIE)
}

/** The user a token stands for, or null when the token is bad, expired, revoked, or the user is gone or deactivated. */
export async function userForToken(
  token: string | undefined,
  tokens: TokenService,
  meta: MetaStore,
): Promise<UserRecord | null> {
  if (!token || token.length > 4096) return null
  const claims = await tokens.check(token)
  if (!claims) return null
  const user = meta.userById(claims.sub)
  return user && isCurrentToken(user, claims.tv) ? user : null
}

/** Whether a token of version `tokenVersion` still stands for `user`: not revoked since, and the account is active. */
export function isCurrentToken(user: UserRecord, tokenVersion: number): boolean {
  return user.active && user.tokenVersion === tokenVersion
}

/**
 * The caller of a request again, now: null once the user is gone,
 * deactivated, or signed out everywhere since the request's token (of
 * version `tokenVersion`) was checked. For checks at the moment of a write.
 */
export function currentCaller(meta: MetaStore, userId: string, tokenVersion: number): UserRecord | null {
  const user = meta.userById(userId)
  return user && isCurrentToken(user, tokenVersion) ? user : null
}
