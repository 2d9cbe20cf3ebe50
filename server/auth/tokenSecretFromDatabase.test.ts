/** The token secret every process of a cluster shares: made once in the settings table, or TOKEN_SECRET. */
import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPostgres } from '../postgres/openPostgres'
import { createTestDatabase, type TestDatabase } from '../../test/helpers/postgres'
import { tokenSecretFromDatabase } from './tokenSecretFromDatabase'
import { TokenService } from './TokenService'

describe('tokenSecretFromDatabase', () => {
  let db: TestDatabase
  let pools: pg.Pool[]
  beforeAll(async () => {
    db = await createTestDatabase()
    // Two pools: two processes.
    pools = [await openPostgres(db.url, { max: 2 }), await openPostgres(db.url, { max: 2 })]
  })
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.end()))
    await db.drop()
  })

  it('processes booting together get one and the same secret, kept for later boots', async () => {
    const [a, b] = await Promise.all([tokenSecretFromDatabase(pools[0]!, undefined), tokenSecretFromDatabase(pools[1]!, undefined)])
    expect(a).toBe(b)
    expect(a.length).toBeGreaterThanOrEqual(32)
    expect(await tokenSecretFromDatabase(pools[1]!, undefined)).toBe(a)
    // A token signed by one process is accepted by the other.
    const token = await new TokenService(a, 60).issue('u1', 0)
    expect(await new TokenService(b, 60).check(token)).toMatchObject({ sub: 'u1', tv: 0 })
  })

  it('TOKEN_SECRET wins when set', async () => {
    expect(await tokenSecretFromDatabase(pools[0]!, 'x'.repeat(40))).toBe('x'.repeat(40))
  })

  it('a stored secret that is too short stops the boot instead of being replaced', async () => {
    await pools[0]!.query(`UPDATE settings SET value = 'short' WHERE name = 'token_secret'`)
    await expect(tokenSecretFromDatabase(pools[0]!, undefined)).rejects.toThrow(/5 characters/)
  })
})
