/** Cluster mode's boot refuses a Redis that could lose an acknowledged edit, and says which settings to change. */
import { afterAll, describe, expect, it } from 'vitest'
import { startRedis, type TestRedis } from '../../test/helpers/redis'
import { readEnv } from '../env'
import { openRedis } from './openRedis'

const started: TestRedis[] = []
afterAll(async () => {
  for (const r of started) await r.stop()
})

describe('openRedis', () => {
  it('refuses a Redis without appendfsync always and noeviction, naming each setting', async () => {
    const redis = await startRedis({ extraArgs: ['--appendfsync', 'everysec', '--maxmemory-policy', 'allkeys-lru'] })
    started.push(redis)
    const err = await openRedis(redis.url).then(
      () => null,
      (e: Error) => e,
    )
    expect(err?.message).toMatch(/appendfsync is everysec, needs always/)
    expect(err?.message).toMatch(/maxmemory-policy is allkeys-lru, needs noeviction/)
  })

  it('opens a durable one', async () => {
    const redis = await startRedis()
    started.push(redis)
    const conns = await openRedis(redis.url)
    expect(await conns.command.ping()).toBe('PONG')
    await conns.close()
  })
})

describe('cluster mode configuration', () => {
  it('needs both URLs: one alone stops the boot and names the missing one', () => {
    expect(() => readEnv({ DATABASE_URL: 'postgres://x@h/db' })).toThrow(/REDIS_URL: cluster mode needs both/)
    expect(() => readEnv({ REDIS_URL: 'redis://h:6379' })).toThrow(/DATABASE_URL: cluster mode needs both/)
    expect(readEnv({}).DATABASE_URL).toBeUndefined()
  })
})
