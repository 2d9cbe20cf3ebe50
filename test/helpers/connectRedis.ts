/**
 * A connected ioredis client built as openRedis builds the command
 * connection (no offline queue, one retry: a command fails at once while
 * Redis is down). Its error events are ignored: tests kill Redis on purpose
 * and assert on what the commands answer.
 */
import { Redis } from 'ioredis'

export async function connectRedis(url: string): Promise<Redis> {
  const redis = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1 })
  redis.on('error', () => undefined)
  await redis.connect()
  return redis
}
