/**
 * Every Redis key and channel of cluster mode, in one place. A report's keys
 * share the hash tag `{id}`, so under Redis Cluster they live in one slot and
 * one script may touch them together. `prefix` (REDIS_KEY_PREFIX) lets several
 * clusters, or test runs, share one Redis.
 */
export interface ClusterKeys {
  /** Stream of the report's updates and control entries (lock state changes). */
  stream(reportId: string): string
  /** Hash: `status` (draft / publishing / published) and `ver` (from PostgreSQL, only ever grows). */
  meta(reportId: string): string
  /** Compaction lease: the token of the process compacting the report. */
  compactLease(reportId: string): string
  /** Background-work lease (KPI recompute, autosnapshots): the id of the process doing it. */
  workLease(reportId: string): string
  /** Pub/sub channel of the report's awareness (presence never goes into the stream). */
  awareness(reportId: string): string
  /** Pub/sub channel of server events (status, comments) for the editors on every process. */
  readonly events: string
  /** Heartbeat of a process, with a TTL. */
  process(processId: string): string
  /** Single-use collaboration tickets. */
  ticket(ticket: string): string
  /** Sorted set of a user's counted actions under one rolling quota, scored by time (quotas/RedisRollingQuota.ts). */
  quota(name: string, userId: string): string
  /** Hash of the failed sign-ins of an account name or of a client address (auth/RedisLoginThrottleState.ts). */
  loginFailures(kind: 'account' | 'address', key: string): string
}

export function clusterKeys(prefix: string): ClusterKeys {
  return {
    stream: (id) => `${prefix}rep:{${id}}:s`,
    meta: (id) => `${prefix}rep:{${id}}:meta`,
    compactLease: (id) => `${prefix}rep:{${id}}:lease`,
    workLease: (id) => `${prefix}rep:{${id}}:work`,
    awareness: (id) => `${prefix}rep:{${id}}:aw`,
    events: `${prefix}events`,
    process: (pid) => `${prefix}proc:${pid}`,
    ticket: (t) => `${prefix}ticket:${t}`,
    // One key per script call: no hash tag needed.
    quota: (name, userId) => `${prefix}quota:${name}:${userId}`,
    loginFailures: (kind, key) => `${prefix}login:${kind}:${key}`,
  }
}
