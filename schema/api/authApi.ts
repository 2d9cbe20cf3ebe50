/** Signing in and out, the signed-in user, changing one's password: `/api/auth`. */
import { z } from 'zod'
import { defineRoute, okBody } from './apiRoute'
import { MAX_PASSWORD_LENGTH, newPasswordSchema, publicUserSchema, usernameSchema } from './usersApi'

// Login names that cannot exist are refused as such (400), like any malformed
// field; wrong credentials for a well-formed name stay a plain 401.
export const loginSchema = z.strictObject({ username: usernameSchema, password: z.string().max(MAX_PASSWORD_LENGTH) })
export const passwordChangeSchema = z.strictObject({ currentPassword: z.string().max(MAX_PASSWORD_LENGTH), newPassword: newPasswordSchema })

/** A session: the token (also set as the HttpOnly cookie) and its user. */
export const sessionSchema = z.object({ token: z.string(), user: publicUserSchema })

export const authApi = {
  login: defineRoute({
    method: 'post',
    path: '/api/auth/login',
    tag: 'auth',
    auth: 'none',
    summary: 'Sign in: answers a token (use it as `Authorization: Bearer`) and sets the session cookie',
    body: loginSchema,
    response: sessionSchema,
    errors: { 401: 'wrong username or password', 403: '`account_deactivated`', 429: 'throttled after failed attempts (Retry-After)', 503: 'busy hashing (Retry-After)' },
  }),
  me: defineRoute({
    method: 'get',
    path: '/api/auth/me',
    tag: 'auth',
    auth: 'optional',
    summary: 'The signed-in user, or null when signed out (an invalid Bearer token is 401)',
    response: publicUserSchema.nullable(),
  }),
  logout: defineRoute({
    method: 'post',
    path: '/api/auth/logout',
    tag: 'auth',
    auth: 'user',
    summary: "Sign out everywhere: revokes all of the user's tokens",
    response: okBody,
  }),
  changePassword: defineRoute({
    method: 'post',
    path: '/api/auth/password',
    tag: 'auth',
    auth: 'user',
    summary: "Change one's password: every older token stops working; answers a new session",
    body: passwordChangeSchema,
    response: sessionSchema,
    errors: { 401: 'the current password is wrong', 429: 'throttled' },
  }),
}
