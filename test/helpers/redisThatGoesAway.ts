/**
 * A private redis-server and a command connection to it (connectRedis), for
 * tests of what a Redis-backed piece answers once Redis cannot be reached:
 * goAway() kills the server and waits until the connection has noticed;
 * close() disconnects and makes sure the server is gone.
 */
import type { Redis } from 'ioredis'
import { connectRedis } from './connectRedis'
import { startRedis } from './redis'
import { waitUntil } from './wait'

export interface RedisThatGoesAway {
  conn: Redis
  goAway(): Promise<void>
  close(): Promise<void>
}

export async function redisThatGoesAway(): Promise<RedisThatGoesAway> {
  const server = await startRedis()
  const conn = await connectRedis(server.url)
  return {
    conn,
    async goAway() {
      await server.kill()
      await waitUntil(() => conn.status !== 'ready', 'the client sees Redis gone')
    },
    async close() {
      conn.disconnect()
      await server.kill()
    },
  }
}
