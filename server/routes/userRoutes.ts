import { Hono } from 'hono'
import type { TokenService } from '../auth/TokenService'
import { forbidden } from '../errors'
import type { AppEnv } from '../http/AppEnv'
import { readJson } from '../http/readJson'
import { requireUser } from '../http/requireUser'
import type { MetaStore } from '../meta/MetaStore'
import { publicUser } from '../meta/publicUser'
import { createUser, newUserSchema } from '../users/createUser'

export function userRoutes(meta: MetaStore, tokens: TokenService) {
  return new Hono<AppEnv>()
    .use(requireUser(tokens, meta))
    .get('/', (c) => c.json(meta.data.users.map(publicUser)))
    .post('/', async (c) => {
      if (!c.var.user.admin) throw forbidden('Only the admin creates users.')
      const input = await readJson(c, newUserSchema)
      const user = await createUser(meta, input)
      return c.json({ id: user.id, username: user.username, displayName: user.displayName }, 201)
    })
}
