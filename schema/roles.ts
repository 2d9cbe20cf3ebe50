/** Roles a user can have on one report, from most to least rights. */
export const ROLES = ['owner', 'editor', 'reviewer', 'viewer'] as const
export type Role = (typeof ROLES)[number]

const rank: Record<Role, number> = { owner: 3, editor: 2, reviewer: 1, viewer: 0 }

/** True when `role` has at least the rights of `needed`. */
export function roleAtLeast(role: Role, needed: Role): boolean {
  return rank[role] >= rank[needed]
}

/** Who may change the report body. Reviewers comment (a later feature) but never edit the body. */
export function canWriteBody(role: Role): boolean {
  return roleAtLeast(role, 'editor')
}
