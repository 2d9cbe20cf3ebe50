/**
 * API tokens for machines, as stored: never the secret, only its sha256 (the
 * secret is 256 random bits, so a plain hash cannot be reversed by guessing).
 * Two implementations: FileApiTokenStore (one JSON file in DATA_DIR, the
 * embedded default) and PgApiTokenStore (the `api_tokens` table, cluster
 * mode); apiTokenStoreContract.ts is the behaviour both pass.
 */
import type { ApiTokenScope } from '@schema/api/tokensApi'

export interface ApiTokenRecord {
  id: string
  /** The creator: the token acts for them, never beyond what they may do at the time of each call. */
  userId: string
  name: string
  scope: ApiTokenScope
  /** sha256 (hex) of the secret. */
  hash: string
  createdAt: string
  expiresAt: string
  /** Last authenticated call, recorded at most once a minute (LAST_USE_INTERVAL_MS). */
  lastUsedAt: string | null
  /** Set once revoked: refused from then on, kept for the list. */
  revokedAt: string | null
}

/** A token's last use is written at most this often. */
export const LAST_USE_INTERVAL_MS = 60_000

export interface ApiTokenStore {
  /** Stores a new token durably before resolving. */
  create(record: ApiTokenRecord): Promise<void>
  /** The token with this secret hash (revoked and expired ones too: the caller decides). */
  byHash(hash: string): Promise<ApiTokenRecord | undefined>
  byId(id: string): Promise<ApiTokenRecord | undefined>
  /** A user's tokens, newest first. */
  listFor(userId: string): Promise<ApiTokenRecord[]>
  /** Revokes at once (durably before resolving); the record as it is now, undefined if unknown. A second revoke keeps the first time. */
  revoke(id: string, at: string): Promise<ApiTokenRecord | undefined>
  /** Records a use at `at`, unless one was recorded less than LAST_USE_INTERVAL_MS before; answers whether it was written. */
  touch(id: string, at: string): Promise<boolean>
  /** How many tokens of the user are neither revoked nor expired at `now`. */
  activeCount(userId: string, now: string): Promise<number>
  /** Waits for every write started so far (shutdown, tests). */
  idle(): Promise<void>
}

/** Whether a stored value has the shape of an ApiTokenRecord (anything else is reported, never overwritten). */
export function isApiTokenRecord(value: unknown): value is ApiTokenRecord {
  const r = value as Partial<ApiTokenRecord> | null
  const optionalList = (v: unknown) => v === undefined || (Array.isArray(v) && v.every((x) => typeof x === 'string'))
  return (
    !!r &&
    typeof r === 'object' &&
    typeof r.id === 'string' &&
    typeof r.userId === 'string' &&
    typeof r.name === 'string' &&
    typeof r.hash === 'string' &&
    typeof r.createdAt === 'string' &&
    typeof r.expiresAt === 'string' &&
    (r.lastUsedAt === null || typeof r.lastUsedAt === 'string') &&
    (r.revokedAt === null || typeof r.revokedAt === 'string') &&
    !!r.scope &&
    typeof r.scope === 'object' &&
    optionalList(r.scope.series) &&
    optionalList(r.scope.reports)
  )
}

/** Whether a use at `at` is to be written after the last one recorded. */
export const isUseToRecord = (lastUsedAt: string | null, at: string): boolean =>
  lastUsedAt === null || Date.parse(at) - Date.parse(lastUsedAt) >= LAST_USE_INTERVAL_MS

/** Whether a token may be used at `now`: not revoked, not expired. */
export const isTokenLive = (record: ApiTokenRecord, now: string): boolean => record.revokedAt === null && Date.parse(record.expiresAt) > Date.parse(now)
