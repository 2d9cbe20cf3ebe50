import { Hono, type Context } from 'hono'
import { deleteCookie, setCookie } from 'hono/cookie'
import { authApi } from '@schema/api/authApi'
import { TOKEN_COOKIE, tokenOf, userForToken } from '../auth/authenticate'
import { passwordProblem } from '../auth/passwordPolicy'
import type { LoginThrottle } from '../auth/LoginThrottle'
import { hashPassword, verifyPassword } from '../auth/passwords'
import type { TokenService } from '../auth/TokenService'
import { AppError, badRequest, RetryLaterError, unauthorized } from '../errors'
import type { AppEnv } from '../http/AppEnv'
import { requestClientAddress, requestProtocol } from '../http/forwarded'
import { requireUser } from '../http/requireUser'
import { audit } from '../meta/audit'
import type { MetaStore, UserRecord } from '../meta/MetaStore'
import { publicUser } from '../meta/publicUser'
import { jsonBody, reply } from '../http/validation'

/** Stored hash of nobody, so a login for an unknown name costs the same scrypt. */
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAA'

export interface CookiePolicy {
  /** COOKIE_SECURE: forces the `Secure` flag on (true) or off (false); unset, it follows the request's protocol. */
  cookieSecure: boolean | undefined
  /** TRUST_PROXY: whether `X-Forwarded-Proto` tells the protocol (http/forwarded.ts). */
  trustProxy: boolean
}

export function authRoutes(meta: MetaStore, tokens: TokenService, cookies: CookiePolicy, throttle: LoginThrottle) {
  /** `Secure` when the client came over HTTPS (or when forced), so the cookie never travels in clear text after that. */
  const secure = (c: Context) => cookies.cookieSecure ?? requestProtocol(c, cookies.trustProxy) === 'https'
  /** The client's address for the per-address throttle: the TCP peer, or the proxy's X-Forwarded-For entry with TRUST_PROXY. */
  const clientAddress = (c: Context) => requestClientAddress(c, cookies.trustProxy)
  const issue = async (c: Context, user: UserRecord) => {
    const token = await tokens.issue(user.id, user.tokenVersion)
    setCookie(c, TOKEN_COOKIE, token, {
      httpOnly: true,
      sameSite: 'Strict',
      secure: secure(c),
      path: '/',
      maxAge: tokens.ttl,
    })
    return token
  }

  /** Runs a password check; a refusal (throttled, or the hashing queue full) is answered only after the throttle's refusal delay. */
  const held = async <T>(check: () => Promise<T>): Promise<T> => {
    try {
      return await check()
    } catch (err) {
      if (err instanceof RetryLaterError && throttle.refusalDelayMs > 0) {
        await new Promise((resolve) => setTimeout(resolve, Math.min(throttle.refusalDelayMs, err.retryAfterSeconds * 1000)))
      }
      throw err
    }
  }

  return new Hono<AppEnv>()
    .post('/login', jsonBody(authApi.login.body), async (c) => {
      const { username, password } = c.req.valid('json')
      // Throttled (this account, or this address, failed too often lately): 429 + Retry-After,
      // checked before hashing and again once a hashing slot is free — no scrypt for it.
      const address = clientAddress(c)
      const allowed = () => throttle.assertAllowed(username, address)
      const user = meta.userByName(username)
      // Hash even for unknown users, so timing does not tell which names exist.
      const ok = await held(async () => {
        const checking = allowed() // synchronous in memory: nothing awaited, as before; a promise with Redis
        if (checking) await checking
        return verifyPassword(password, user?.passwordHash ?? DUMMY_HASH, { beforeHashing: allowed })
      })
      if (!user || !ok) {
        // Unknown names count too: the answer (and the throttle) must not tell which names exist.
        await throttle.failed(username, address)
        throw new AppError(401, 'invalid_credentials', 'Wrong username or password.')
      }
      await throttle.succeeded(username)
      // Said only to whoever knows the password: the account exists but an admin switched it off.
      if (!user.active) throw new AppError(403, 'account_deactivated', 'This account is deactivated. Ask an administrator to reactivate it.')
      const token = await issue(c, user)
      return reply(c, authApi.login, { token, user: publicUser(user) })
    })
    // Who is signed in. A signed-out visitor is a normal state, not an error:
    // no credential, or a session cookie that expired or was revoked (the
    // cookie is then cleared), answers 200 null. A Bearer token that fails
    // is an API client's mistake and stays 401.
    .get('/me', async (c) => {
      const header = c.req.header('authorization')
      const token = tokenOf(c)
      const user = await userForToken(token, tokens, meta)
      if (user) return reply(c, authApi.me, publicUser(user))
      if (header !== undefined) throw unauthorized()
      if (token !== undefined) deleteCookie(c, TOKEN_COOKIE, { path: '/', secure: secure(c) })
      return reply(c, authApi.me, null)
    })
    .post('/logout', requireUser(tokens, meta), async (c) => {
      // Revokes every token of this user (all devices): the token version moves on.
      const id = c.var.user.id
      await meta.update((data) => {
        const user = data.users.find((u) => u.id === id)
        if (user) user.tokenVersion++
      })
      deleteCookie(c, TOKEN_COOKIE, { path: '/', secure: secure(c) })
      return reply(c, authApi.logout, { ok: true })
    })
    .post('/password', requireUser(tokens, meta), jsonBody(authApi.changePassword.body), async (c) => {
      // Changes the caller's own password. Every token issued before (other
      // devices, a stolen one, open sockets) stops working; this device gets
      // a new token and cookie.
      const { currentPassword, newPassword } = c.req.valid('json')
      const me = c.var.user
      // Guessing the current password here (with a stolen session) is throttled like a sign-in.
      const address = clientAddress(c)
      const allowed = () => throttle.assertAllowed(me.username, address)
      const ok = await held(async () => {
        const checking = allowed()
        if (checking) await checking
        return verifyPassword(currentPassword, me.passwordHash, { beforeHashing: allowed })
      })
      if (!ok) {
        await throttle.failed(me.username, address)
        throw new AppError(401, 'invalid_credentials', 'The current password is wrong.')
      }
      const problem = passwordProblem(newPassword, me) ?? (newPassword === currentPassword ? 'password: must differ from the current one' : null)
      if (problem) throw badRequest(`Invalid body: newPassword: ${problem}`, [{ path: 'newPassword', message: problem }])
      const passwordHash = await hashPassword(newPassword)
      let updated: UserRecord | undefined
      await meta.update((data) => {
        updated = data.users.find((u) => u.id === me.id)
        if (!updated) return
        updated.passwordHash = passwordHash
        updated.tokenVersion++
        audit(data, { userId: me.id, action: 'user.password.change' })
      })
      if (!updated) throw new AppError(401, 'unauthorized', 'Sign in first.')
      const token = await issue(c, updated)
      return reply(c, authApi.changePassword, { token, user: publicUser(updated) })
    })
}
