/**
 * The login throttle and the hashing bound through the real app (createApp,
 * in process, so the clock can be moved and scrypt calls counted): guessing
 * gets 429 + Retry-After after the free failures; the right password is
 * refused while throttled and works after the backoff; throttled attempts
 * run no scrypt; the address's counter limits other accounts too; at most
 * PASSWORD_HASH_CONCURRENCY hashes run at once, the queue is bounded (503).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp, type AppDeps } from '../app'
import { LoginThrottle } from '../auth/LoginThrottle'
import { limitPasswordHashing, passwordHashingStats } from '../auth/passwords'
import { TokenService } from '../auth/TokenService'
import { readEnv } from '../env'
import { FileMetaStore } from '../meta/FileMetaStore'
import { createUser } from '../users/createUser'

const PASSWORD = 'tall-river-481'
const clock = { now: 1_000_000 }
let dir: string
let app: ReturnType<typeof createApp>['app']

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'throttle-'))
  const env = readEnv({ DATA_DIR: dir, CLIENT_DIR: dir })
  const meta = await FileMetaStore.open(dir)
  for (const username of ['alice', 'bob', 'carol', 'dave', 'erin']) await createUser(meta, { username, password: PASSWORD, displayName: username })
  const loginThrottle = new LoginThrottle({
    freeFailuresPerAccount: 3,
    freeFailuresPerAddress: 6,
    baseDelayMs: 1000,
    maxDelayMs: 60_000,
    forgetAfterMs: 3_600_000,
    now: () => clock.now,
  })
  // Only what the auth routes use is real; the rest is never reached by these requests.
  const deps = { env, meta, tokens: new TokenService('t'.repeat(40), 3600), loginThrottle, snapshots: {} } as unknown as AppDeps
  app = createApp(deps).app
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** POST /api/auth/login from `address` (the socket's remote address, as @hono/node-server gives it). */
async function login(username: string, password: string, address = '10.0.0.1') {
  const res = await app.request(
    '/api/auth/login',
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) },
    { incoming: { socket: { remoteAddress: address } } },
  )
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as { error?: { code: string; message: string } } }
}

const runs = () => passwordHashingStats().scryptRuns

describe('login throttle (in process, injectable clock)', () => {
  it('guessing one account: 401 for the free failures, then 429 with Retry-After, without hashing', async () => {
    for (let i = 0; i < 3; i++) expect((await login('alice', `wrong-${i}`)).status).toBe(401)
    const before = runs()
    const throttled = await login('alice', 'wrong-again')
    expect(throttled.status).toBe(429)
    expect(throttled.retryAfter).toBe('1')
    expect(throttled.body.error).toMatchObject({ code: 'too_many_attempts', message: expect.stringContaining('try again in 1 s') })
    expect(runs()).toBe(before)
  })

  it('the right password is refused while throttled and works after the backoff', async () => {
    clock.now += 1000
    expect((await login('alice', 'wrong-4')).status).toBe(401) // 4th failure → 2 s
    const before = runs()
    const refused = await login('alice', PASSWORD)
    expect(refused.status).toBe(429)
    expect(refused.retryAfter).toBe('2')
    clock.now += 1999
    expect((await login('alice', PASSWORD)).status).toBe(429)
    expect(runs()).toBe(before) // no scrypt for any throttled attempt
    clock.now += 1
    expect((await login('alice', PASSWORD)).status).toBe(200)
    expect(runs()).toBe(before + 1)
    // The success cleared the account: three free failures again.
    for (let i = 0; i < 3; i++) expect((await login('alice', `wrong-${i}`, '10.0.0.9')).status).toBe(401)
    expect((await login('alice', 'wrong', '10.0.0.9')).status).toBe(429)
  })

  it('other accounts from the same address are limited by the address counter', async () => {
    // 10.0.0.2 guesses a different account each time: no account reaches its limit, the address does (6 free).
    const accounts = ['bob', 'carol', 'dave', 'erin', 'bob', 'carol']
    for (const name of accounts) expect((await login(name, 'guess', '10.0.0.2')).status).toBe(401)
    const before = runs()
    const res = await login('dave', PASSWORD, '10.0.0.2')
    expect(res.status).toBe(429)
    expect(res.retryAfter).toBe('1')
    expect(runs()).toBe(before)
    // The same account from another address is not held by 10.0.0.2's record.
    expect((await login('dave', PASSWORD, '10.0.0.3')).status).toBe(200)
  })

  it('unknown names count like known ones (the answers do not tell them apart)', async () => {
    const answers = []
    for (let i = 0; i < 4; i++) answers.push((await login('nobody-here', 'guess', '10.0.0.4')).status)
    expect(answers).toEqual([401, 401, 401, 429])
  })
})

describe('password hashing bound', () => {
  it('runs at most PASSWORD_HASH_CONCURRENCY scrypts at once; a full queue answers 503 with Retry-After', async () => {
    limitPasswordHashing(1, 3)
    try {
      let maxActive = 0
      const watch = setInterval(() => (maxActive = Math.max(maxActive, passwordHashingStats().active)), 1)
      // Eight accounts' worth of attempts from eight addresses: none is throttled, all want a hash at once.
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => login(`user${i}x`, 'guess', `10.1.0.${i}`)))
      clearInterval(watch)
      const statuses = results.map((r) => r.status).sort()
      expect(statuses).toEqual([401, 401, 401, 401, 503, 503, 503, 503])
      expect(results.filter((r) => r.status === 503).every((r) => r.retryAfter === '1' && r.body.error?.code === 'busy')).toBe(true)
      expect(maxActive).toBe(1)
      expect(passwordHashingStats()).toMatchObject({ active: 0, waiting: 0 })
    } finally {
      limitPasswordHashing(1, 32)
    }
  })
})
