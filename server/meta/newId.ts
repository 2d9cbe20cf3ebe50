import { randomBytes } from 'node:crypto'
import { USER_ID_PATTERN } from '@schema/api/ids'

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567'

/** `prefix` + 20 random base32 characters (100 bits), e.g. `r…` for reports (see schema/reportId.ts). */
export function newId(prefix: string): string {
  const bytes = randomBytes(20)
  let out = prefix
  for (const b of bytes) out += BASE32[b & 31]
  return out
}

/** Whether `id` has the shape of a user id made by `newId('u')`. */
export function isUserId(id: string): boolean {
  return USER_ID_PATTERN.test(id)
}
