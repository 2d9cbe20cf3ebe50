import { Hono, type Context } from 'hono'
import { usersApi } from '@schema/api/usersApi'
import { currentCaller } from '../auth/authenticate'
import type { TokenService } from '../auth/TokenService'
import type { OpenSockets } from '../collab/OpenSockets'
import { hashPassword } from '../auth/passwords'
import { badRequest, conflict, forbidden, notFound, unauthorized } from '../errors'
import type { AppEnv } from '../http/AppEnv'
import { requireUser } from '../http/requireUser'
import { audit } from '../meta/audit'
import type { MetaStore, UserRecord } from '../meta/MetaStore'
import { publicUser } from '../meta/publicUser'
import { createUser } from '../users/createUser'
import { passwordProblem } from '../auth/passwordPolicy'
import { jsonBody, paramsOf, reply } from '../http/validation'

/**
 * The users a caller may see: the admin sees everyone; anyone else sees
 * themselves and the members of the reports they are a member of (whom
 * they meet there anyway), never the whole user list.
 */
function visibleUsers(meta: MetaStore, caller: UserRecord): UserRecord[] {
  if (caller.admin) return [...meta.data.users]
  const reports = new Set(meta.data.members.filter((m) => m.userId === caller.id).map((m) => m.reportId))
  const ids = new Set([caller.id, ...meta.data.members.filter((m) => reports.has(m.reportId)).map((m) => m.userId)])
  return meta.data.users.filter((u) => ids.has(u.id))
}

export function userRoutes(meta: MetaStore, tokens: TokenService, sockets: OpenSockets) {
  /**
   * 403 unless the caller is the admin. Returns the same check, to be made
   * again at the moment of the write: the body and a password hash take a
   * while, and the caller may have been deactivated meanwhile.
   */
  const adminOnly = (c: Context<AppEnv>, what: string): (() => void) => {
    const { id, tokenVersion } = c.var.user
    const check = () => {
      const caller = currentCaller(meta, id, tokenVersion)
      if (!caller) throw unauthorized()
      if (!caller.admin) throw forbidden(`Only the admin ${what}.`)
    }
    check()
    return check
  }

  /** The user of the route's `:id` (well-formed: paramsOf): 404 unknown. */
  const targetOf = (id: string): UserRecord => {
    const target = meta.userById(id)
    if (!target) throw notFound('User')
    return target
  }

  /** Switches an account on or off, audited. Off: every token is revoked (tv++) and every open socket closed now. */
  const setActive = async (adminId: string, id: string, active: boolean) => {
    await meta.update((data) => {
      const user = data.users.find((u) => u.id === id)
      if (!user || user.active === active) return
      user.active = active
      if (!active) user.tokenVersion++
      audit(data, { userId: adminId, action: active ? 'user.reactivate' : 'user.deactivate', detail: { userId: id } })
    })
    if (!active) sockets.recheck(id)
  }

  return new Hono<AppEnv>()
    .use(requireUser(tokens, meta))
    .get('/', (c) => reply(c, usersApi.list, visibleUsers(meta, c.var.user).map(publicUser)))
    .post('/:id/deactivate', paramsOf(usersApi.deactivate.params), async (c) => {
      adminOnly(c, 'deactivates users')
      const target = targetOf(c.req.param('id'))
      if (target.id === c.var.user.id) throw conflict('cannot_deactivate_self', 'You cannot deactivate your own account.')
      if (target.admin && !meta.data.users.some((u) => u.admin && u.active && u.id !== target.id)) {
        throw conflict('last_admin', 'The last active admin cannot be deactivated.')
      }
      await setActive(c.var.user.id, target.id, false)
      return reply(c, usersApi.deactivate, publicUser(target))
    })
    .post('/:id/reactivate', paramsOf(usersApi.reactivate.params), async (c) => {
      adminOnly(c, 'reactivates users')
      const target = targetOf(c.req.param('id'))
      await setActive(c.var.user.id, target.id, true)
      return reply(c, usersApi.reactivate, publicUser(target))
    })
    .post('/', jsonBody(usersApi.create.body), async (c) => {
      const recheck = adminOnly(c, 'creates users')
      // Strict: `admin`, `id` or `tokenVersion` in the body are refused, never taken.
      const input = c.req.valid('json')
      const user = await createUser(meta, input, false, recheck)
      return reply(c, usersApi.create, { id: user.id, username: user.username, displayName: user.displayName })
    })
    .post('/:id/password', paramsOf(usersApi.resetPassword.params), jsonBody(usersApi.resetPassword.body), async (c) => {
      // The admin sets a new password for someone who lost theirs. Every token
      // of that user stops working (their open sockets close too); they sign
      // in again with the new password.
      const recheck = adminOnly(c, 'resets passwords')
      const target = targetOf(c.req.param('id'))
      const id = target.id
      const { newPassword } = c.req.valid('json')
      const problem = passwordProblem(newPassword, target)
      if (problem) throw badRequest(`Invalid body: newPassword: ${problem}`, [{ path: 'newPassword', message: problem }])
      const passwordHash = await hashPassword(newPassword)
      const adminId = c.var.user.id
      recheck() // the admin may have been deactivated while the body and the hash took their time
      let found = false
      await meta.update((data) => {
        const user = data.users.find((u) => u.id === id)
        if (!user) return
        found = true
        user.passwordHash = passwordHash
        user.tokenVersion++
        audit(data, { userId: adminId, action: 'user.password.reset', detail: { userId: id } })
      })
      if (!found) throw notFound('User')
      sockets.recheck(id)
      return reply(c, usersApi.resetPassword, { ok: true, user: publicUser(target) })
    })
}
