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

/** Signs and checks HS256 tokens (hono/jwt) with expiry. */
export class TokenService {
  constructor(
    private readonly secret: string,
    private readonly ttlSeconds: number,
  ) {}

  /** The secret from the environment, or one kept in `<dataDir>/secret.key` (made on first start, mode 0600). */
  static async secretFor(dataDir: string, fromEnv: string | undefined): Promise<string> {
    if (fromEnv) return fromEnv
    const file = path.join(dataDir, 'secret.key')
    try {
      return (await fsp.readFile(file, 'utf8')).trim()
    } catch {
      const secret = randomBytes(48).toString('base64url')
      await fsp.mkdir(dataDir, { recursive: true })
      await fsp.writeFile(file, secret, { mode: 0o600, flag: 'wx' })
      return secret
    }
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
