import { Hono } from 'hono'
import { deleteCookie, setCookie } from 'hono/cookie'
import { z } from 'zod'
import { TOKEN_COOKIE } from '../auth/authenticate'
import { verifyPassword } from '../auth/passwords'
import type { TokenService } from '../auth/TokenService'
import { AppError } from '../errors'
import type { AppEnv } from '../http/AppEnv'
import { readJson } from '../http/readJson'
import { requireUser } from '../http/requireUser'
import type { MetaStore } from '../meta/MetaStore'
import { publicUser } from '../meta/publicUser'

const loginSchema = z.object({ username: z.string().max(64), password: z.string().max(256) })

export function authRoutes(meta: MetaStore, tokens: TokenService, cookieSecure: boolean) {
  return new Hono<AppEnv>()
    .post('/login', async (c) => {
      const { username, password } = await readJson(c, loginSchema)
      const user = meta.userByName(username)
      // Hash even for unknown users, so timing does not tell which names exist.
      const ok = await verifyPassword(password, user?.passwordHash ?? 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAA')
      if (!user || !ok) throw new AppError(401, 'invalid_credentials', 'Wrong username or password.')
      const token = await tokens.issue(user.id, user.tokenVersion)
      setCookie(c, TOKEN_COOKIE, token, {
        httpOnly: true,
        sameSite: 'Strict',
        secure: cookieSecure,
        path: '/',
        maxAge: tokens.ttl,
      })
      return c.json({ token, user: publicUser(user) })
    })
    .get('/me', requireUser(tokens, meta), (c) => c.json(publicUser(c.var.user)))
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
}
