import { randomBytes } from 'node:crypto'
import { promises as fsp } from 'node:fs'
import path from 'node:path'
import { sign, verify } from 'hono/jwt'

export interface TokenClaims {
  /** User id. */
  sub: string
  /** The user's token version when signed; a bump revokes every older token. */
  tv: number
  iat: number
  exp: number
}

/** Shortest secret that may sign tokens (TOKEN_SECRET and DATA_DIR/secret.key alike): a short one can be guessed offline from any token. */
export const MIN_SECRET_LENGTH = 32

/** Signs and checks HS256 tokens (hono/jwt) with expiry. */
export class TokenService {
  constructor(
    private readonly secret: string,
    private readonly ttlSeconds: number,
  ) {
    if (secret.length < MIN_SECRET_LENGTH) throw new Error(`The token secret must have at least ${MIN_SECRET_LENGTH} characters.`)
  }

  /**
   * The secret from the environment, or one kept in `<dataDir>/secret.key`
   * (made on first start, mode 0600). A key file that holds fewer than
   * MIN_SECRET_LENGTH characters stops the boot with a message saying what to
   * do: it is never used, and never silently replaced (that would sign every
   * user out without anyone knowing why).
   */
  static async secretFor(dataDir: string, fromEnv: string | undefined): Promise<string> {
    if (fromEnv) return fromEnv
    const file = path.join(dataDir, 'secret.key')
    let stored: string
    try {
      stored = (await fsp.readFile(file, 'utf8')).trim()
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
      const secret = randomBytes(48).toString('base64url')
      await fsp.mkdir(dataDir, { recursive: true })
      await fsp.writeFile(file, secret, { mode: 0o600, flag: 'wx' })
      return secret
    }
    if (stored.length < MIN_SECRET_LENGTH) {
      throw new Error(
        `${file} holds ${stored.length} characters; a token secret needs at least ${MIN_SECRET_LENGTH}. ` +
          'Delete the file to have a new one made at the next start (this signs everyone out), or put a longer secret in it or in TOKEN_SECRET.',
      )
    }
    return stored
  }

  get ttl(): number {
    return this.ttlSeconds
  }

  issue(userId: string, tokenVersion: number): Promise<string> {
    const now = Math.floor(Date.now() / 1000)
    const claims: TokenClaims = { sub: userId, tv: tokenVersion, iat: now, exp: now + this.ttlSeconds }
    return sign({ ...claims }, this.secret, 'HS256')
  }

  /** The claims of a valid, unexpired token, or null for anything else. */
  async check(token: string): Promise<TokenClaims | null> {
    try {
      const payload = await verify(token, this.secret, 'HS256')
      if (typeof payload.sub !== 'string' || typeof payload.tv !== 'number' || typeof payload.exp !== 'number') {
        return null
      }
      return payload as unknown as TokenClaims
    } catch {
      return null
    }
  }
}
