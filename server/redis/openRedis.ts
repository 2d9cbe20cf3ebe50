import { Redis } from 'ioredis'
import { redisDurabilityProblems } from './checkRedisDurability'

/**
 * Redis connections of one process: `command` for writes and reads (no
 * offline queue: a write fails at once while Redis is down, it never waits
 * in memory to be acknowledged later), `blocking` for the stream reader's
 * XREAD BLOCK, `subscriber` for pub/sub. Binary fields are read as Buffers.
 */
export interface RedisConnections {
  command: Redis
  blocking: Redis
  subscriber: Redis
  close(): Promise<void>
}

export async function openRedis(url: string): Promise<RedisConnections> {
  const common = { lazyConnect: true, enableAutoPipelining: false, connectionName: 'ops-report' }
  const command = new Redis(url, { ...common, enableOfflineQueue: false, maxRetriesPerRequest: 1 })
  const blocking = new Redis(url, { ...common, maxRetriesPerRequest: null })
  const subscriber = new Redis(url, { ...common, maxRetriesPerRequest: null })
  for (const [name, conn] of Object.entries({ command, blocking, subscriber })) {
    // Reconnects are ioredis's; an error between them is logged, never thrown into the process.
    conn.on('error', (err: Error) => console.error(`[redis] ${name}: ${err.message}`))
  }
  try {
    await Promise.all([command.connect(), blocking.connect(), subscriber.connect()])
    const problems = await redisDurabilityProblems(command)
    if (problems.length > 0) {
      throw new Error(
        `Redis at ${redactUrl(url)} would lose acknowledged edits: ${problems.join('; ')}. ` +
          'Start it with --appendonly yes --appendfsync always --maxmemory-policy noeviction (README "Several processes").',
      )
    }
  } catch (err) {
    command.disconnect()
    blocking.disconnect()
    subscriber.disconnect()
    throw err
  }
  return {
    command,
    blocking,
    subscriber,
    async close() {
      blocking.disconnect()
      subscriber.disconnect()
      await command.quit().catch(() => command.disconnect())
    },
  }
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url)
    if (u.password) u.password = '***'
    return u.toString()
  } catch {
    return '(unparsable URL)'
  }
}
