import { Hono, type Context } from 'hono'
import { deleteCookie, setCookie } from 'hono/cookie'
import { z } from 'zod'
import { TOKEN_COOKIE, tokenOf, userForToken } from '../auth/authenticate'
import { hashPassword, verifyPassword } from '../auth/passwords'
import type { TokenService } from '../auth/TokenService'
import { AppError, badRequest, unauthorized } from '../errors'
import type { AppEnv } from '../http/AppEnv'
import { readJson } from '../http/readJson'
import { requireUser } from '../http/requireUser'
import type { MetaStore, UserRecord } from '../meta/MetaStore'
import { publicUser } from '../meta/publicUser'
import { usernameSchema } from '../users/createUser'

/** Passwords nobody should be allowed to pick (the top of every leaked-password list). */
const COMMON_PASSWORDS = new Set([
  'password',
  'password1',
  'password123',
  '12345678',
  '123456789',
  '1234567890',
  '87654321',
  '11111111',
  '00000000',
  'qwertyui',
  'qwerty123',
  '1q2w3e4r',
  'abc12345',
  'iloveyou',
  'admin123',
  'administrator',
  'letmein1',
  'welcome1',
  'changeme',
])

/** A new password: 8–256 characters, not a single repeated character, not a well-known one. */
export const newPasswordSchema = z
  .string()
  .min(8, 'password: at least 8 characters')
  .max(256, 'password: at most 256 characters')
  .refine((p) => new Set(p).size > 1, 'password: more than one distinct character')
  .refine((p) => !COMMON_PASSWORDS.has(p.toLowerCase()), 'password: too common')

/** Why `password` is too weak for `user`, beyond newPasswordSchema; null when it is fine. */
export function passwordProblem(password: string, user: Pick<UserRecord, 'username' | 'displayName'>): string | null {
  const lower = password.toLowerCase()
  // Names of one or two letters would forbid half the dictionary.
  if ((user.username.length >= 3 && lower.includes(user.username.toLowerCase())) || lower === user.displayName.toLowerCase()) {
    return 'password: must not contain the username or be the display name'
  }
  return null
}

/**
 * The JSON body of a request against a strict schema (unknown fields are
 * refused, not ignored: a client sending `admin: true` learns it is not
 * accepted). The content type must be JSON: a cross-site form or a
 * `text/plain` fetch (no CORS preflight) cannot reach these routes.
 */
export async function readStrictJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
  if (type !== 'application/json') {
    throw new AppError(400, 'bad_content_type', 'Send the body as JSON with Content-Type: application/json.')
  }
  return readJson(c, schema)
}

// Login names that cannot exist are refused as such (400), like any malformed
// field; wrong credentials for a well-formed name stay a plain 401.
const loginSchema = z.strictObject({ username: usernameSchema, password: z.string().max(256) })
const passwordChangeSchema = z.strictObject({ currentPassword: z.string().max(256), newPassword: newPasswordSchema })

/** Stored hash of nobody, so a login for an unknown name costs the same scrypt. */
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAA'

export function authRoutes(meta: MetaStore, tokens: TokenService, cookieSecure: boolean) {
  const issue = async (c: Context, user: UserRecord) => {
    const token = await tokens.issue(user.id, user.tokenVersion)
    setCookie(c, TOKEN_COOKIE, token, {
      httpOnly: true,
      sameSite: 'Strict',
      secure: cookieSecure,
      path: '/',
      maxAge: tokens.ttl,
    })
    return token
  }

  return new Hono<AppEnv>()
    .post('/login', async (c) => {
      const { username, password } = await readStrictJson(c, loginSchema)
      const user = meta.userByName(username)
      // Hash even for unknown users, so timing does not tell which names exist.
      const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH)
      if (!user || !ok) throw new AppError(401, 'invalid_credentials', 'Wrong username or password.')
      // Said only to whoever knows the password: the account exists but an admin switched it off.
      if (!user.active) throw new AppError(403, 'account_deactivated', 'This account is deactivated. Ask an administrator to reactivate it.')
      const token = await issue(c, user)
      return c.json({ token, user: publicUser(user) })
    })
    // Who is signed in. A signed-out visitor is a normal state, not an error:
    // no credential, or a session cookie that expired or was revoked (the
    // cookie is then cleared), answers 200 null. A Bearer token that fails
    // is an API client's mistake and stays 401.
    .get('/me', async (c) => {
      const header = c.req.header('authorization')
      const token = tokenOf(c, false)
      const user = await userForToken(token, tokens, meta)
      if (user) return c.json(publicUser(user))
      if (header !== undefined) throw unauthorized()
      if (token !== undefined) deleteCookie(c, TOKEN_COOKIE, { path: '/' })
      return c.json(null)
    })
    .post('/logout', requireUser(tokens, meta), async (c) => {
      // Revokes every token of this user (all devices): the token version moves on.
      const id = c.var.user.id
      await meta.update((data) => {
        const user = data.users.find((u) => u.id === id)
        if (user) user.tokenVersion++
      })
      deleteCookie(c, TOKEN_COOKIE, { path: '/' })
      return c.json({ ok: true })
    })
    .post('/password', requireUser(tokens, meta), async (c) => {
      // Changes the caller's own password. Every token issued before (other
      // devices, a stolen one, open sockets) stops working; this device gets
      // a new token and cookie.
      const { currentPassword, newPassword } = await readStrictJson(c, passwordChangeSchema)
      const me = c.var.user
      if (!(await verifyPassword(currentPassword, me.passwordHash))) {
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
        data.audit.push({ at: new Date().toISOString(), userId: me.id, action: 'user.password.change' })
      })
      if (!updated) throw new AppError(401, 'unauthorized', 'Sign in first.')
      const token = await issue(c, updated)
      return c.json({ token, user: publicUser(updated) })
    })
}
