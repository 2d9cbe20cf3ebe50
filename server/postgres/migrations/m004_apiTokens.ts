import type { Migration } from '../Migration'

/**
 * API tokens for machines in cluster mode (server/apiTokens/PgApiTokenStore.ts):
 * one row per token, the secret only as its sha256 (`hash`, unique: the
 * lookup of every call made with a token). `scope` is `{series?, reports?}`.
 * Revoked tokens stay (their row lists them) with `revoked_at` set.
 */
export const m004ApiTokens: Migration = {
  version: 4,
  name: 'api tokens',
  sql: `
    CREATE TABLE api_tokens (
      id text PRIMARY KEY,
      user_id text NOT NULL,
      name text NOT NULL,
      scope jsonb NOT NULL,
      hash text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      last_used_at timestamptz,
      revoked_at timestamptz
    );
    CREATE INDEX api_tokens_user ON api_tokens (user_id, created_at DESC);
  `,
}
