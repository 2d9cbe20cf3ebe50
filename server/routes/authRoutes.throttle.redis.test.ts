/**
 * The login throttle of cluster mode through the real app: two apps (two
 * processes' worth of createApp, each with its own Redis connection) built
 * with RedisLoginThrottleState, as openBackends wires it. A guesser that
 * round-robins over them meets one throttle: the free failures are counted
 * across both, then both answer 429. A Redis that cannot be reached makes
 * the sign-in answer 503 with Retry-After, never let an attempt through
 * unthrottled.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectRedis } from '../../test/helpers/connectRedis'
import { startRedis, type TestRedis } from '../../test/helpers/redis'
import { waitUntil } from '../../test/helpers/wait'
import { createApp, type AppDeps } from '../app'
import type { LoginThrottleStateFactory } from '../auth/LoginThrottleState'
import { RedisLoginThrottleState } from '../auth/RedisLoginThrottleState'
import { TokenService } from '../auth/TokenService'
import { clusterKeys } from '../cluster/clusterKeys'
import { readEnv } from '../env'
import { FileMetaStore } from '../meta/FileMetaStore'
import { createUser } from '../users/createUser'

const PASSWORD = 'tall-river-481'
let dir: string
let server: TestRedis
const connections: Redis[] = []
let apps: ReturnType<typeof createApp>['app'][]

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'throttle-redis-'))
  server = await startRedis()
  // Three free failures per account, six per address; refusals answered at once.
  const env = readEnv({ DATA_DIR: dir, CLIENT_DIR: dir, LOGIN_FREE_FAILURES: '3', LOGIN_FREE_FAILURES_PER_ADDRESS: '6', LOGIN_REFUSAL_DELAY_MS: '0' })
  const meta = await FileMetaStore.open(dir)
  for (const username of ['alice', 'bob']) await createUser(meta, { username, password: PASSWORD, displayName: username })
  const keys = clusterKeys('throttle-test:')
  apps = []
  for (let i = 0; i < 2; i++) {
    // As openRedis builds the command connection: no offline queue.
    const redis = await connectRedis(server.url)
    connections.push(redis)
    const loginThrottleState: LoginThrottleStateFactory = (policy) => new RedisLoginThrottleState(redis, keys.loginFailures, policy)
    // Only what the auth routes use is real; the rest is never reached by these requests.
    const deps = {
      env,
      meta,
      tokens: new TokenService('t'.repeat(40), 3600),
      loginThrottleState,
      snapshots: {},
    } as unknown as AppDeps
    apps.push(createApp(deps).app)
  }
})

afterAll(async () => {
  for (const redis of connections) redis.disconnect()
  await server.kill()
  rmSync(dir, { recursive: true, force: true })
})

/** POST /api/auth/login to app `i` from `address`. */
async function login(i: number, username: string, password: string, address = '10.0.0.1') {
  const res = await apps[i]!.request(
    '/api/auth/login',
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) },
    { incoming: { socket: { remoteAddress: address } } },
  )
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as { error?: { code: string } } }
}

describe('login throttle shared through Redis (two apps)', () => {
  it('round robin over two processes: the free failures are counted once, then both answer 429', async () => {
    expect((await login(0, 'alice', 'wrong-1')).status).toBe(401)
    expect((await login(1, 'alice', 'wrong-2')).status).toBe(401)
    expect((await login(0, 'alice', 'wrong-3')).status).toBe(401)
    for (const i of [1, 0]) {
      const throttled = await login(i, 'alice', PASSWORD)
      expect(throttled.status).toBe(429)
      expect(throttled.retryAfter).toBe('1')
      expect(throttled.body.error?.code).toBe('too_many_attempts')
    }
    // Another account from another address is not held by alice's record.
    expect((await login(1, 'bob', PASSWORD, '10.0.0.2')).status).toBe(200)
  })

  it('a success through one process clears the account for the other', async () => {
    expect((await login(0, 'bob', 'wrong', '10.0.0.3')).status).toBe(401)
    expect((await login(1, 'bob', 'wrong', '10.0.0.4')).status).toBe(401)
    expect((await login(0, 'bob', PASSWORD, '10.0.0.5')).status).toBe(200)
    for (let i = 0; i < 3; i++) expect((await login(i % 2, 'bob', 'wrong', '10.0.0.6')).status).toBe(401)
    expect((await login(1, 'bob', 'wrong', '10.0.0.7')).status).toBe(429)
  })

  it('Redis unreachable: 503 unavailable with Retry-After, not an unthrottled attempt', async () => {
    await server.kill()
    await waitUntil(() => connections.every((r) => r.status !== 'ready'), 'the clients see Redis gone')
    for (const i of [0, 1]) {
      const res = await login(i, 'bob', PASSWORD, '10.0.0.8')
      expect(res.status).toBe(503)
      expect(res.retryAfter).toBe('1')
      expect(res.body.error?.code).toBe('unavailable')
    }
  })
})
