/**
 * Cluster mode's parts, built from DATABASE_URL and REDIS_URL: the
 * PostgreSQL pool (schema migrated), the Redis connections (durability
 * checked), the shared document store with its stream reader and compactor,
 * the shared lock state, presence and server events across processes, and
 * the background-work leases.
 */
import { randomBytes } from 'node:crypto'
import os from 'node:os'
import type { Pool } from 'pg'
import type { Env } from '../env'
import { openPostgres } from '../postgres/openPostgres'
import { openRedis, type RedisConnections } from '../redis/openRedis'
import type { SharedLockState } from '../reports/ReportLocks'
import { ClusterDocStore } from './ClusterDocStore'
import { ClusterEvents } from './ClusterEvents'
import { ClusterPresence } from './ClusterPresence'
import { clusterKeys, type ClusterKeys } from './clusterKeys'
import { Compactor } from './Compactor'
import { DocumentRows } from './DocumentRows'
import { LockMirror } from './LockMirror'
import { clusterScripts } from './redisScripts'
import { ReportLeases } from './ReportLeases'
import { StreamReader } from './StreamReader'

export interface Cluster {
  processId: string
  pool: Pool
  redis: RedisConnections
  keys: ClusterKeys
  docs: ClusterDocStore
  locks: SharedLockState
  presence: ClusterPresence
  events: ClusterEvents
  leases: ReportLeases
  compactor: Compactor
  /** Stops the reader, heartbeats and leases, and closes the connections. */
  close(): Promise<void>
}

export async function openCluster(env: Env & { DATABASE_URL: string; REDIS_URL: string }): Promise<Cluster> {
  const processId = `${os.hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`
  const pool = await openPostgres(env.DATABASE_URL)
  let redis: RedisConnections
  try {
    redis = await openRedis(env.REDIS_URL)
  } catch (err) {
    await pool.end().catch(() => undefined)
    throw err
  }
  const keys = clusterKeys(env.REDIS_KEY_PREFIX)
  const scripts = clusterScripts(redis.command)
  const rows = new DocumentRows(pool)
  const reader = new StreamReader(redis.blocking, redis.command, keys)
  const compactor = new Compactor(redis.command, scripts, keys, rows, {
    leaseMs: env.REPORT_LEASE_MS,
    trimGraceMs: env.STREAM_TRIM_GRACE_MS,
    pauseBeforeWriteMs: env.TEST_COMPACTION_PAUSE_MS,
  })
  const mirror = new LockMirror(rows, scripts, keys, processId)
  const leases = new ReportLeases(redis.command, scripts, keys, processId, env.REPORT_LEASE_MS)
  const docs = new ClusterDocStore(redis.command, scripts, keys, rows, reader, compactor, mirror, {
    processId,
    compactEntries: env.COMPACT_STREAM_ENTRIES,
    beforeOpen: (id) => leases.prepare(id),
  })
  const presence = new ClusterPresence(redis.command, redis.subscriber, keys, processId, env.PROCESS_HEARTBEAT_TTL_MS)
  const events = new ClusterEvents(redis.command, keys, processId)
  redis.subscriber.on('message', (channel: string, text: string) => {
    if (channel === keys.events) events.receive(text)
    else presence.receive(channel, text)
  })
  await redis.subscriber.subscribe(keys.events)
  reader.start()
  await presence.start()
  leases.start()
  const locks: SharedLockState = {
    status: (id) => mirror.status(id),
    set: (id, status) => mirror.set(id, status),
    caughtUp: (id, controlId) => docs.caughtUp(id, controlId),
  }
  console.log(`[cluster] process ${processId}: PostgreSQL and Redis ready`)
  return {
    processId,
    pool,
    redis,
    keys,
    docs,
    locks,
    presence,
    events,
    leases,
    compactor,
    async close() {
      await leases.stop()
      await presence.stop()
      await reader.stop()
      await redis.close()
      await pool.end()
    },
  }
}
