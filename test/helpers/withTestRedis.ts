/**
 * A private redis-server (startRedis) and a command connection to it
 * (connectRedis) for the tests of one file: started in beforeAll, the
 * connection closed and the server killed in afterAll. Call it at the top
 * level of the test file; `server` and `redis` are there once beforeAll has run.
 */
import type { Redis } from 'ioredis'
import { afterAll, beforeAll } from 'vitest'
import { connectRedis } from './connectRedis'
import { startRedis, type TestRedis } from './redis'

export interface TestRedisWithConnection {
  readonly server: TestRedis
  readonly redis: Redis
}

export function withTestRedis(): TestRedisWithConnection {
  let server: TestRedis | undefined
  let redis: Redis | undefined
  beforeAll(async () => {
    server = await startRedis()
    redis = await connectRedis(server.url)
  })
  afterAll(async () => {
    await redis?.quit()
    await server?.kill()
  })
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('withTestRedis: Redis is there once beforeAll has run')
    return value
  }
  return {
    get server() {
      return ready(server)
    },
    get redis() {
      return ready(redis)
    },
  }
}
