import { Hono } from 'hono'
import { z } from 'zod'
import type { TokenService } from '../auth/TokenService'
import { hashPassword } from '../auth/passwords'
import { badRequest, forbidden, notFound } from '../errors'
import type { AppEnv } from '../http/AppEnv'
import { requireUser } from '../http/requireUser'
import type { MetaStore } from '../meta/MetaStore'
import { publicUser } from '../meta/publicUser'
import { createUser, newUserSchema } from '../users/createUser'
import { newPasswordSchema, passwordProblem } from '../auth/passwordPolicy'
import { readStrictJson } from './authRoutes'

/** User ids are made by the server: `u` + 20 base32 characters (meta/newId.ts). */
const USER_ID = /^u[a-z2-7]{20}$/

const passwordResetSchema = z.strictObject({ newPassword: newPasswordSchema })

export function userRoutes(meta: MetaStore, tokens: TokenService) {
  return new Hono<AppEnv>()
    .use(requireUser(tokens, meta))
    .get('/', (c) => c.json(meta.data.users.map(publicUser)))
    .post('/', async (c) => {
      if (!c.var.user.admin) throw forbidden('Only the admin creates users.')
      // Strict: `admin`, `id` or `tokenVersion` in the body are refused, never taken.
      const input = await readStrictJson(c, newUserSchema.strict())
      const user = await createUser(meta, input)
      return c.json({ id: user.id, username: user.username, displayName: user.displayName }, 201)
    })
    .post('/:id/password', async (c) => {
      // The admin sets a new password for someone who lost theirs. Every token
      // of that user stops working (their open sockets close too); they sign
      // in again with the new password.
      if (!c.var.user.admin) throw forbidden('Only the admin resets passwords.')
      const id = c.req.param('id')
      if (!USER_ID.test(id)) throw badRequest('Invalid user id.')
      const target = meta.userById(id)
      if (!target) throw notFound('User')
      const { newPassword } = await readStrictJson(c, passwordResetSchema)
      const problem = passwordProblem(newPassword, target)
      if (problem) throw badRequest(`Invalid body: newPassword: ${problem}`, [{ path: 'newPassword', message: problem }])
      const passwordHash = await hashPassword(newPassword)
      const adminId = c.var.user.id
      let found = false
      await meta.update((data) => {
        const user = data.users.find((u) => u.id === id)
        if (!user) return
        found = true
        user.passwordHash = passwordHash
        user.tokenVersion++
        data.audit.push({ at: new Date().toISOString(), userId: adminId, action: 'user.password.reset', detail: { userId: id } })
      })
      if (!found) throw notFound('User')
      return c.json({ ok: true, user: publicUser(target) })
    })
}
