import type { Redis } from 'ioredis'

/**
 * The settings under which an update appended to a stream survives kill -9
 * of Redis: every write in the append-only file, fsynced before the reply,
 * and nothing evicted when memory is full. 已保存 is sent when the append is
 * answered, so a Redis without them is refused at boot.
 */
export const REQUIRED_REDIS_SETTINGS: Readonly<Record<string, string>> = {
  appendonly: 'yes',
  appendfsync: 'always',
  'maxmemory-policy': 'noeviction',
}

/** The settings that differ, as "name is X, needs Y"; empty when Redis is safe to acknowledge on. */
export async function redisDurabilityProblems(redis: Redis): Promise<string[]> {
  const problems: string[] = []
  for (const [name, wanted] of Object.entries(REQUIRED_REDIS_SETTINGS)) {
    const reply = (await redis.config('GET', name)) as string[]
    const value = reply[1]
    if (value !== wanted) problems.push(`${name} is ${value ?? 'unknown'}, needs ${wanted}`)
  }
  return problems
}
