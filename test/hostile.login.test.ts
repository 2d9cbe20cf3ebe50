/**
 * Password guessing against the real server (all from 127.0.0.1): after
 * LOGIN_FREE_FAILURES wrong passwords an account answers 429 with
 * Retry-After, also to the right password; after
 * LOGIN_FREE_FAILURES_PER_ADDRESS failures across accounts the address is
 * held for every account. (The clock-driven part — the right password works
 * once the backoff is over, and throttled attempts hash nothing — is in
 * server/routes/authRoutes.throttle.test.ts.) Refusals are answered after
 * LOGIN_REFUSAL_DELAY_MS; hashing runs on its own low-priority thread, and
 * libuv's pool (the writes) is raised by the preload in the server's Node flags.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Api } from './helpers/api'
import { stopAndRemove } from './helpers/cleanup'
import { startServer, type TestServer } from './helpers/startServer'

const PASSWORD = 'tall-river-481'
let server: TestServer

beforeAll(async () => {
  server = await startServer({
    env: { SEED_DEMO: 'false', LOGIN_FREE_FAILURES: '3', LOGIN_FREE_FAILURES_PER_ADDRESS: '5', LOGIN_BACKOFF_BASE_MS: '60000' },
  })
  const admin = await Api.login(server.url)
  for (const name of ['alice-lg', 'bob-lg', 'carol-lg', 'dave-lg']) {
    const res = await admin.call('POST', '/api/users', { username: name, password: PASSWORD, displayName: name })
    expect(res.status).toBe(201)
  }
})

afterAll(() => stopAndRemove(server))

async function login(username: string, password: string): Promise<{ status: number; retryAfter: string | null; body: any }> {
  const res = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  })
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.json() }
}

describe('login guessing', () => {
  it('one account: three wrong passwords, then 429 with Retry-After — also for the right one', async () => {
    for (let i = 0; i < 3; i++) expect((await login('alice-lg', `guess-${i}`)).status).toBe(401)
    for (const password of ['guess-3', PASSWORD]) {
      const t0 = performance.now()
      const res = await login('alice-lg', password)
      // Held for LOGIN_REFUSAL_DELAY_MS (1 s by default) before the answer: a retrying client cannot spin.
      expect(performance.now() - t0).toBeGreaterThanOrEqual(900)
      expect(res.status).toBe(429)
      // LOGIN_BACKOFF_BASE_MS = 60 s from the third failure, less the time since.
      expect(Number(res.retryAfter)).toBeGreaterThanOrEqual(50)
      expect(Number(res.retryAfter)).toBeLessThanOrEqual(60)
      expect(res.body).toMatchObject({ error: { code: 'too_many_attempts', message: `Too many failed sign-ins; try again in ${res.retryAfter} s.` } })
    }
  })

  it('other accounts from the same address: held once the address has failed five times', async () => {
    // alice's three failures count for 127.0.0.1 too; two more, on two other accounts, spend its five.
    expect((await login('bob-lg', 'guess')).status).toBe(401)
    expect((await login('carol-lg', 'guess')).status).toBe(401)
    const res = await login('dave-lg', PASSWORD)
    expect(res.status).toBe(429)
    expect(Number(res.retryAfter)).toBeGreaterThan(0)
  })

  it('hashes on a thread of its own at nice 10; every other thread of the server stays at nice 0', () => {
    const pid = server.proc.pid!
    const nice = readdirSync(`/proc/${pid}/task`).map((tid) => {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8')
      return { tid: Number(tid), nice: Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]) }
    })
    expect(nice.find((t) => t.tid === pid)?.nice).toBe(0) // the event loop
    expect(nice.filter((t) => t.nice === 10)).toHaveLength(1) // PASSWORD_HASH_CONCURRENCY = 1: one hashing thread
    expect(nice.every((t) => t.nice === 0 || t.nice === 10)).toBe(true)
  })

  it('runs with a libuv pool of 16 threads (the preload in serverNodeFlags)', () => {
    // Node's own threads (main, V8 platform, …) are about 7; the pool adds 16 once used (every login used it).
    expect(readdirSync(`/proc/${server.proc.pid}/task`).length).toBeGreaterThanOrEqual(16 + 1)
    expect(server.output()).toContain('thread pool: 16')
  })
})
