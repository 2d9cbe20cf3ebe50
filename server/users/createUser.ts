import type { z } from 'zod'
import type { newUserSchema } from '@schema/api/usersApi'
import { passwordProblem } from '../auth/passwordPolicy'
import { hashPassword } from '../auth/passwords'
import { badRequest, conflict } from '../errors'
import type { MetaStore, UserRecord } from '../meta/MetaStore'
import { newId } from '../meta/newId'

/** Caret and avatar colours, handed out in turn; readable on white with white text. */
const PALETTE = ['#d9480f', '#1971c2', '#2b8a3e', '#9c36b5', '#c2255c', '#0b7285', '#e67700', '#5f3dc4']

export async function createUser(
  meta: MetaStore,
  input: z.infer<typeof newUserSchema>,
  admin = false,
  /** Called right before the write (after the slow hash): throws to refuse, e.g. when the caller lost the right meanwhile. */
  confirm?: () => void,
): Promise<UserRecord> {
  if (meta.userByName(input.username)) throw conflict('username_taken', `The username "${input.username}" is taken.`)
  // The password rule (passwordPolicy) holds for every user, whoever creates it.
  const problem = passwordProblem(input.password, input)
  if (problem) throw badRequest(`Invalid body: ${problem}`, [{ path: 'password', message: problem }])
  const user: UserRecord = {
    id: newId('u'),
    username: input.username,
    displayName: input.displayName,
    color: PALETTE[meta.data.users.length % PALETTE.length]!,
    passwordHash: await hashPassword(input.password),
    admin,
    tokenVersion: 0,
    active: true,
    createdAt: new Date().toISOString(),
  }
  // Checked again after the slow hash: another request may have taken the name meanwhile.
  if (meta.userByName(input.username)) throw conflict('username_taken', `The username "${input.username}" is taken.`)
  confirm?.()
  await meta.update((data) => {
    data.users.push(user)
  })
  return user
}
