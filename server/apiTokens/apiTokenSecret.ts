/**
 * The secret of an API token: `opr_` and 32 random bytes (base64url). Only
 * its sha256 is stored: the secret is high-entropy, so the plain hash cannot
 * be reversed by guessing, and a lookup by hash is one indexed read.
 */
import { createHash, randomBytes } from 'node:crypto'
import { API_TOKEN_PREFIX } from '@schema/api/tokensApi'

/** Longest Bearer value looked up as an API token (a real one has 47 characters). */
const MAX_SECRET_LENGTH = 128

export const newApiTokenSecret = (): string => API_TOKEN_PREFIX + randomBytes(32).toString('base64url')

export const hashApiTokenSecret = (secret: string): string => createHash('sha256').update(secret, 'utf8').digest('hex')

/** Whether a Bearer value is meant as an API token (then it is never read as a session). */
export const isApiTokenSecret = (bearer: string | undefined): bearer is string => !!bearer && bearer.startsWith(API_TOKEN_PREFIX)

/** Whether a Bearer value could be a token this server issued (longer ones are refused unread). */
export const isPlausibleSecret = (secret: string): boolean => secret.length <= MAX_SECRET_LENGTH
