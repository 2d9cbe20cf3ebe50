import type { Redis } from 'ioredis'

/**
 * The Lua scripts of cluster mode. Each runs atomically inside Redis, so a
 * decision and the write it guards cannot be separated by another process.
 */

/**
 * Gate and append one update. KEYS: meta hash, stream. ARGV: update, origin,
 * process id, writer. While a report is being published only the publishing
 * process may append (the KPI values the publish computes and freezes).
 * Returns the new entry's id and the stream length, `NOMETA` when the
 * report's lock state is not in Redis (the caller loads it from PostgreSQL
 * and retries), or `LOCKED` when it is published or being published.
 */
const APPEND = `
local status = redis.call('HGET', KEYS[1], 'status')
if not status then return 'NOMETA' end
if status ~= 'draft' and not (status == 'publishing' and redis.call('HGET', KEYS[1], 'holder') == ARGV[3]) then return 'LOCKED' end
local id = redis.call('XADD', KEYS[2], '*', 'k', 'u', 'u', ARGV[1], 'o', ARGV[2], 'w', ARGV[4])
return {id, redis.call('XLEN', KEYS[2])}
`

/**
 * Mirror a lock state from PostgreSQL. KEYS: meta hash, stream. ARGV:
 * status, ver, origin, holder (the publishing process, or ''). Only a newer `ver` is taken; it is then appended as a
 * control entry so every process sees it in order with the updates.
 * Returns the control entry's id, or `STALE` when Redis already had this ver
 * or a newer one.
 */
const SET_STATE = `
local current = tonumber(redis.call('HGET', KEYS[1], 'ver') or '0')
if tonumber(ARGV[2]) <= current then return 'STALE' end
redis.call('HSET', KEYS[1], 'status', ARGV[1], 'ver', ARGV[2], 'holder', ARGV[4])
return redis.call('XADD', KEYS[2], '*', 'k', 'c', 's', ARGV[1], 'v', ARGV[2], 'o', ARGV[3])
`

/** Load a lock state read from PostgreSQL when Redis has none (or an older one), without a control entry. KEYS: meta. ARGV: status, ver. */
const LOAD_STATE = `
local current = tonumber(redis.call('HGET', KEYS[1], 'ver') or '0')
if tonumber(ARGV[2]) > current then redis.call('HSET', KEYS[1], 'status', ARGV[1], 'ver', ARGV[2], 'holder', '') end
return redis.call('HGET', KEYS[1], 'status')
`

/** Extend a lease only if we still hold it. KEYS: lease. ARGV: token, ms. */
const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`

/** Release a lease only if we still hold it (compare and delete). KEYS: lease. ARGV: token. */
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`

export interface ClusterScripts {
  append(meta: string, stream: string, update: Buffer, origin: string, processId: string, writer: string): Promise<'NOMETA' | 'LOCKED' | [string, number]>
  setState(meta: string, stream: string, status: string, ver: number, origin: string, holder: string): Promise<string>
  loadState(meta: string, status: string, ver: number): Promise<string>
  renew(lease: string, token: string, ms: number): Promise<number>
  release(lease: string, token: string): Promise<number>
}

type ScriptCall = (...args: (string | number | Buffer)[]) => Promise<unknown>

/** Registers the scripts on a connection (EVALSHA, loaded on first use). */
export function clusterScripts(redis: Redis): ClusterScripts {
  redis.defineCommand('opsAppend', { numberOfKeys: 2, lua: APPEND })
  redis.defineCommand('opsSetState', { numberOfKeys: 2, lua: SET_STATE })
  redis.defineCommand('opsLoadState', { numberOfKeys: 1, lua: LOAD_STATE })
  redis.defineCommand('opsRenew', { numberOfKeys: 1, lua: RENEW })
  redis.defineCommand('opsRelease', { numberOfKeys: 1, lua: RELEASE })
  // defineCommand adds the methods at runtime; ioredis has no types for them.
  const call = (name: string): ScriptCall => {
    const fn = (redis as unknown as Record<string, ScriptCall>)[name]!
    return (...args) => fn.apply(redis, args)
  }
  const [append, setState, loadState, renew, release] = ['opsAppend', 'opsSetState', 'opsLoadState', 'opsRenew', 'opsRelease'].map(call) as ScriptCall[]
  return {
    append: (meta, stream, update, origin, processId, writer) => append!(meta, stream, update, origin, processId, writer) as Promise<'NOMETA' | 'LOCKED' | [string, number]>,
    setState: (meta, stream, status, ver, origin, holder) => setState!(meta, stream, status, ver, origin, holder) as Promise<string>,
    loadState: (meta, status, ver) => loadState!(meta, status, ver) as Promise<string>,
    renew: (lease, token, ms) => renew!(lease, token, ms) as Promise<number>,
    release: (lease, token) => release!(lease, token) as Promise<number>,
  }
}
