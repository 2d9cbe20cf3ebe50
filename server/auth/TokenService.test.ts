import { describe, expect, it, vi } from 'vitest'
import { sign } from 'hono/jwt'
import { TokenService } from './TokenService'

const SECRET = 'k'.repeat(40)

describe('TokenService', () => {
  it('accepts its own tokens and refuses tampered, foreign, unsigned and expired ones', async () => {
    const tokens = new TokenService(SECRET, 60)
    const token = await tokens.issue('u1', 3)
    expect(await tokens.check(token)).toMatchObject({ sub: 'u1', tv: 3 })

    const [h, p, s] = token.split('.')
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), sub: 'admin' })).toString('base64url')
    expect(await tokens.check(`${h}.${forged}.${s}`)).toBeNull()
    expect(await tokens.check(await new TokenService('x'.repeat(40), 60).issue('u1', 3))).toBeNull()
    expect(await tokens.check(`${h}.${p}.`)).toBeNull()
    expect(await tokens.check('not a token')).toBeNull()
    const noneAlg = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${p}.`
    expect(await tokens.check(noneAlg)).toBeNull()

    const now = Math.floor(Date.now() / 1000)
    const expired = await sign({ sub: 'u1', tv: 3, iat: now - 100, exp: now - 10 }, SECRET, 'HS256')
    expect(await tokens.check(expired)).toBeNull()

    vi.useFakeTimers({ now: Date.now() + 61_000 })
    try {
      expect(await tokens.check(token)).toBeNull()
    } finally {
      vi.useRealTimers()
    }
  })
})

describe('TokenService secrets', () => {
  it('refuses a secret shorter than 32 characters', () => {
    expect(() => new TokenService('abc', 60)).toThrow(/at least 32/)
    expect(() => new TokenService('k'.repeat(32), 60)).not.toThrow()
  })
})
