import type { UserRecord } from './MetaStore'

/** What others may see of a user: never the password hash or token version. */
export function publicUser(user: UserRecord) {
  return { id: user.id, username: user.username, displayName: user.displayName, color: user.color, admin: user.admin, active: user.active }
}

export type PublicUser = ReturnType<typeof publicUser>
