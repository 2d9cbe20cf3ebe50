/**
 * A cluster for a test: its own PostgreSQL database, a private redis-server,
 * N server processes (each with its own DATA_DIR, the same two URLs and key
 * prefix) and a round-robin TCP proxy in front, as a load balancer without
 * sticky sessions would be. Processes can be killed (-9), stopped, paused
 * and restarted on the same port, so the proxy sends reconnecting clients to
 * the survivors and, after a restart, to the process again.
 *
 * startCluster() fails at once, naming the cause, when the processes do not
 * run in cluster mode (no heartbeat of theirs in Redis).
 */
import { randomBytes } from 'node:crypto'
import { rmSync } from 'node:fs'
import { Redis } from 'ioredis'
import { createTestDatabase, type TestDatabase } from './postgres'
import { startRedis, type TestRedis } from './redis'
import { startRoundRobinProxy, type RoundRobinProxy } from './roundRobinProxy'
import { startServer, type TestServer } from './startServer'
import { waitUntil } from './wait'

export interface TestCluster {
  /** `http://127.0.0.1:<proxy>`: REST through the proxy. */
  proxyUrl: string
  /** `ws://127.0.0.1:<proxy>/collab`: the collaboration socket through the proxy. */
  proxyWsUrl: string
  proxy: RoundRobinProxy
  /** The processes by index; a killed one stays in place until restart(i). */
  servers: TestServer[]
  redis: TestRedis
  db: TestDatabase
  /** REDIS_KEY_PREFIX of this cluster. */
  prefix: string
  /** The environment every process got (DATABASE_URL, REDIS_URL, REDIS_KEY_PREFIX, ...). */
  env: Record<string, string>
  /** A command connection to the cluster's Redis (closed by cleanup()). */
  redisClient(): Redis
  /** kill -9 process i and wait for its exit. */
  kill(i: number): Promise<void>
  /** Starts process i again on its port and DATA_DIR (after kill or stop). */
  restart(i: number, env?: Record<string, string>): Promise<TestServer>
  /** SIGTERM every running process and wait. */
  stopAll(): Promise<void>
  /** stopAll, close the proxy, stop Redis, drop the database, remove the folders. Safe to call twice. */
  cleanup(): Promise<void>
}

export interface ClusterOptions {
  processes?: number
  /** Extra environment for every process (e.g. COMPACT_STREAM_ENTRIES, REPORT_LEASE_MS). */
  env?: Record<string, string>
  /** Extra environment of process i (e.g. TEST_COMPACTION_PAUSE_MS on one of them); kept on restart(i). */
  processEnv?: Record<string, string>[]
  /** Check that the processes beat in Redis (cluster mode on); default true. */
  requireClusterMode?: boolean
}

/** Key of a process heartbeat (server/cluster/clusterKeys.ts `process(id)`): `<prefix>proc:<id>`. */
export const heartbeatPattern = (prefix: string) => `${prefix}proc:*`

export async function startCluster(options: ClusterOptions = {}): Promise<TestCluster> {
  const processes = options.processes ?? 3
  const prefix = `c${randomBytes(3).toString('hex')}:`
  const db = await createTestDatabase()
  let redis: TestRedis | undefined
  const servers: TestServer[] = []
  let proxy: RoundRobinProxy | undefined
  const clients: Redis[] = []
  let cleaned = false

  const stopAll = async () => {
    for (const s of servers) {
      if (s.proc.exitCode !== null || s.proc.signalCode !== null) continue
      // A paused process would never see SIGTERM.
      s.proc.kill('SIGCONT')
      const timer = setTimeout(() => void s.kill(), 10_000)
      try {
        await s.stop()
      } finally {
        clearTimeout(timer)
      }
    }
  }
  const cleanup = async () => {
    if (cleaned) return
    cleaned = true
    await stopAll()
    await proxy?.close()
    for (const c of clients) c.disconnect()
    await redis?.stop()
    await db.drop()
    for (const s of servers) rmSync(s.dataDir, { recursive: true, force: true })
    if (redis) rmSync(redis.dir, { recursive: true, force: true })
  }

  try {
    redis = await startRedis()
    const env: Record<string, string> = {
      DATABASE_URL: db.url,
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: prefix,
      ...options.env,
    }
    // One after the other: only the first seeds the admin and the demo report (bootstrap is idempotent anyway).
    for (let i = 0; i < processes; i++) {
      servers.push(await startServer({ env: { ...env, SEED_DEMO: i === 0 ? 'true' : 'false', ...options.processEnv?.[i] } }))
    }
    proxy = await startRoundRobinProxy(servers.map((s) => s.port))
    const handleRedis = redis
    const redisClient = () => {
      const c = new Redis(handleRedis.url, { lazyConnect: false, maxRetriesPerRequest: 3 })
      c.on('error', () => {})
      clients.push(c)
      return c
    }

    if (options.requireClusterMode ?? true) {
      const probe = redisClient()
      let beats: string[] = []
      await waitUntil(
        async () => (beats = await probe.keys(heartbeatPattern(prefix))).length >= processes,
        () =>
          `cluster mode is not on: ${beats.length} of ${processes} processes beat in Redis (${heartbeatPattern(prefix)}); ` +
          `the server ignores DATABASE_URL / REDIS_URL (is the cluster core merged?). First process printed:\n${servers[0]!.output().slice(-2000)}`,
        10_000,
        50,
      )
    }

    const cluster: TestCluster = {
      proxyUrl: proxy.url,
      proxyWsUrl: proxy.wsUrl,
      proxy,
      servers,
      redis,
      db,
      prefix,
      env,
      redisClient,
      async kill(i) {
        await servers[i]!.kill()
      },
      async restart(i, extra = {}) {
        const old = servers[i]!
        if (old.proc.exitCode === null && old.proc.signalCode === null) await old.kill()
        const s = await startServer({ dataDir: old.dataDir, port: old.port, env: { ...env, SEED_DEMO: 'false', ...options.processEnv?.[i], ...extra } })
        servers[i] = s
        return s
      },
      stopAll,
      cleanup,
    }
    return cluster
  } catch (e) {
    await cleanup().catch(() => {})
    throw e
  }
}
