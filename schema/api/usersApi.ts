/**
 * Users: who is who (`publicUser`), the rules of a login name, a display
 * name and a new password's length, and the admin's user routes under `/api/users`.
 */
import { z } from 'zod'
import { defineRoute, okBody } from './apiRoute'
import { USER_ID_PATTERN } from './ids'

/** ASCII login names only: no look-alike unicode, no path characters, no prototype keys. */
export const usernameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_.-]{1,31}$/, 'username: 2–32 characters, lowercase letters, digits, _ . -, starting with a letter')
  .refine((v) => !['__proto__', 'constructor', 'prototype'].includes(v), 'reserved name')

export const MIN_PASSWORD_LENGTH = 8
export const MAX_PASSWORD_LENGTH = 256

/** Length bounds of a new password, for request schemas (the strength is server/auth/passwordPolicy.ts's). */
export const newPasswordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `password: at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `password: at most ${MAX_PASSWORD_LENGTH} characters`)

export const newUserSchema = z.object({
  username: usernameSchema,
  password: newPasswordSchema,
  displayName: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .refine((v) => !/\p{Cc}/u.test(v), 'displayName: no control characters'),
})

/** What others may see of a user: never the password hash or token version. */
export const publicUserSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  /** Caret and avatar colour, `#rrggbb`. */
  color: z.string(),
  admin: z.boolean(),
  active: z.boolean(),
})
export type PublicUser = z.infer<typeof publicUserSchema>

const userIdParams = z.object({ id: z.string().regex(USER_ID_PATTERN, 'not a user id').describe('user id') })

export const usersApi = {
  list: defineRoute({
    method: 'get',
    path: '/api/users',
    tag: 'users',
    auth: 'user',
    summary: 'Users the caller may see: the admin everyone, others themselves and the members of their reports',
    response: z.array(publicUserSchema),
  }),
  create: defineRoute({
    method: 'post',
    path: '/api/users',
    tag: 'users',
    auth: 'user',
    summary: 'Create a user (admin)',
    description: 'Strict: `admin`, `id` or `tokenVersion` in the body are refused, never taken. 400 for a weak password.',
    body: newUserSchema.strict(),
    status: 201,
    response: z.object({ id: z.string(), username: z.string(), displayName: z.string() }),
    errors: { 403: 'not the admin', 409: 'the username is taken' },
  }),
  resetPassword: defineRoute({
    method: 'post',
    path: '/api/users/:id/password',
    tag: 'users',
    auth: 'user',
    summary: "Reset a user's password (admin); revokes every token of that user",
    params: userIdParams,
    body: z.strictObject({ newPassword: newPasswordSchema }),
    response: okBody.extend({ user: publicUserSchema }),
    errors: { 403: 'not the admin', 404: 'no such user' },
  }),
  deactivate: defineRoute({
    method: 'post',
    path: '/api/users/:id/deactivate',
    tag: 'users',
    auth: 'user',
    summary: 'Deactivate a user (admin): every token revoked, every open socket closed',
    params: userIdParams,
    response: publicUserSchema,
    errors: { 403: 'not the admin', 404: 'no such user', 409: '`cannot_deactivate_self` or `last_admin`' },
  }),
  reactivate: defineRoute({
    method: 'post',
    path: '/api/users/:id/reactivate',
    tag: 'users',
    auth: 'user',
    summary: 'Reactivate a user (admin)',
    params: userIdParams,
    response: publicUserSchema,
    errors: { 403: 'not the admin', 404: 'no such user' },
  }),
}
