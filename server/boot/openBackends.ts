/**
 * Which stores the server runs on, chosen by configuration: the embedded
 * default (files + lowdb under DATA_DIR, no services), or cluster mode
 * (DATABASE_URL + REDIS_URL: PostgreSQL tables and Redis streams shared by
 * any number of processes). Everything above this file sees only the store
 * interfaces.
 */
import type { ApiTokenStore } from '../apiTokens/ApiTokenStore'
import { FileApiTokenStore } from '../apiTokens/FileApiTokenStore'
import { PgApiTokenStore } from '../apiTokens/PgApiTokenStore'
import { CollabTickets } from '../auth/CollabTickets'
import type { CellHistoryStore } from '../cellHistory/CellHistoryStore'
import { FileCellHistoryStore } from '../cellHistory/FileCellHistoryStore'
import { PgCellHistoryStore } from '../cellHistory/PgCellHistoryStore'
import type { CollabTicketStore } from '../auth/CollabTicketStore'
import type { LoginThrottleStateFactory } from '../auth/LoginThrottleState'
import { MemoryLoginThrottleState } from '../auth/MemoryLoginThrottleState'
import { RedisCollabTickets } from '../auth/RedisCollabTickets'
import { RedisLoginThrottleState } from '../auth/RedisLoginThrottleState'
import { TokenService } from '../auth/TokenService'
import { tokenSecretFromDatabase } from '../auth/tokenSecretFromDatabase'
import { openCluster, type Cluster } from '../cluster/openCluster'
import { FileCommentStore } from '../comments/FileCommentStore'
import type { CommentStore } from '../comments/CommentStore'
import { PgCommentStore } from '../comments/PgCommentStore'
import type { Env } from '../env'
import { FileSnapshotStore } from '../history/FileSnapshotStore'
import { PgSnapshotStore } from '../history/PgSnapshotStore'
import type { SnapshotStore } from '../history/SnapshotStore'
import { FileMetaStore } from '../meta/FileMetaStore'
import type { MetaStore } from '../meta/MetaStore'
import { PgMetaStore } from '../meta/PgMetaStore'
import type { DocStore } from '../storage/DocStore'
import { FileDocStore } from '../storage/FileDocStore'
import { FileVersionStore } from '../versions/FileVersionStore'
import { PgVersionStore } from '../versions/PgVersionStore'
import type { QuotaFactory } from '../quotas/QuotaCounter'
import { RedisRollingQuota } from '../quotas/RedisRollingQuota'
import { memoryQuotas } from '../quotas/RollingQuota'
import type { VersionStore, VersionStoreOptions } from '../versions/VersionStore'

export interface Backends {
  meta: MetaStore
  docs: DocStore
  comments: CommentStore
  /** API tokens for machines (hashed). */
  apiTokens: ApiTokenStore
  snapshots: SnapshotStore
  /** Who changed which field of which metric row, when (append-only). */
  cellHistory: CellHistoryStore
  versions: VersionStore
  tokenSecret: string
  tickets: CollabTicketStore
  /** The per-user rolling quotas' counters (in memory; in Redis in cluster mode, one allowance across processes). */
  quotas: QuotaFactory
  /** The login throttle's failure counters (in memory; in Redis in cluster mode, so guesses on every process count). */
  loginThrottleState: LoginThrottleStateFactory
  /** Cluster mode's shared parts; null in the embedded default. */
  cluster: Cluster | null
  close(): Promise<void>
}

export async function openBackends(env: Env): Promise<Backends> {
  const versionOptions = (meta: MetaStore): VersionStoreOptions => ({
    recordedDigest: (id, label) => {
      const digests = meta.report(id)?.versionDigests
      return digests && Object.hasOwn(digests, label) ? digests[label] : undefined
    },
  })
  if (env.DATABASE_URL && env.REDIS_URL) {
    const cluster = await openCluster({ ...env, DATABASE_URL: env.DATABASE_URL, REDIS_URL: env.REDIS_URL })
    const meta = await PgMetaStore.open(cluster.pool, env.DATABASE_URL)
    const versions = new PgVersionStore(cluster.pool, versionOptions(meta))
    return {
      meta,
      docs: cluster.docs,
      comments: new PgCommentStore(cluster.pool),
      apiTokens: new PgApiTokenStore(cluster.pool),
      snapshots: new PgSnapshotStore(cluster.pool, { keep: env.SNAPSHOT_KEEP }),
      cellHistory: new PgCellHistoryStore(cluster.pool),
      versions,
      tokenSecret: await tokenSecretFromDatabase(cluster.pool, env.TOKEN_SECRET),
      tickets: new RedisCollabTickets(cluster.redis.command, env.REDIS_KEY_PREFIX),
      quotas: (name, limit, windowMs) => new RedisRollingQuota(cluster.redis.command, (userId) => cluster.keys.quota(name, userId), limit, windowMs),
      loginThrottleState: (policy) => new RedisLoginThrottleState(cluster.redis.command, cluster.keys.loginFailures, policy),
      cluster,
      async close() {
        await versions.close()
        await meta.close()
        await cluster.close()
      },
    }
  }
  const meta = await FileMetaStore.open(env.DATA_DIR)
  return {
    meta,
    docs: new FileDocStore(env.DATA_DIR, { commitWindowMs: env.COMMIT_WINDOW_MS, maxValueDepth: env.MAX_NESTING_DEPTH }),
    comments: new FileCommentStore(env.DATA_DIR),
    apiTokens: new FileApiTokenStore(env.DATA_DIR),
    snapshots: new FileSnapshotStore(env.DATA_DIR, { keep: env.SNAPSHOT_KEEP }),
    cellHistory: new FileCellHistoryStore(env.DATA_DIR),
    versions: new FileVersionStore(env.DATA_DIR, versionOptions(meta)),
    tokenSecret: await TokenService.secretFor(env.DATA_DIR, env.TOKEN_SECRET),
    tickets: new CollabTickets(),
    quotas: memoryQuotas,
    loginThrottleState: (policy) => new MemoryLoginThrottleState(policy),
    cluster: null,
    close: () => meta.close(),
  }
}
