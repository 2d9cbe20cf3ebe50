/**
 * The token secret in cluster mode: every process must sign and check tokens
 * with the same one (a client's next request may land on any process). It is
 * TOKEN_SECRET when set; otherwise the `token_secret` row of the `settings`
 * table: the first process to boot inserts a random one (ON CONFLICT DO
 * NOTHING, so processes booting together agree), and every process reads it.
 * A stored value shorter than MIN_SECRET_LENGTH stops the boot, as a short
 * DATA_DIR/secret.key does; it is never silently replaced.
 */
import { randomBytes } from 'node:crypto'
import type pg from 'pg'
import { MIN_SECRET_LENGTH } from './TokenService'

export async function tokenSecretFromDatabase(pool: pg.Pool, fromEnv: string | undefined): Promise<string> {
  if (fromEnv) return fromEnv
  await pool.query(`INSERT INTO settings (name, value) VALUES ('token_secret', $1) ON CONFLICT (name) DO NOTHING`, [
    randomBytes(48).toString('base64url'),
  ])
  const { rows } = await pool.query<{ value: string }>(`SELECT value FROM settings WHERE name = 'token_secret'`)
  const stored = rows[0]!.value
  if (stored.length < MIN_SECRET_LENGTH) {
    throw new Error(
      `The token_secret in the settings table holds ${stored.length} characters; a token secret needs at least ${MIN_SECRET_LENGTH}. ` +
        "Delete that row to have a new one made at the next start (this signs everyone out), or put a longer secret in it or in TOKEN_SECRET.",
    )
  }
  return stored
}
