import path from 'node:path'
import { z } from 'zod'
import { DEFAULT_TIME_ZONE, isTimeZone } from '@schema/time/formatLocalTime'

/**
 * The environment, read once and validated at boot. A bad value stops the
 * server with a message naming the variable, before anything is opened.
 */
const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().min(1).default('localhost'),
  DATA_DIR: z.string().min(1).default('./data'),
  /** Password of the `admin` user created on first start; generated and printed once when unset. */
  ADMIN_PASSWORD: z.string().min(8, 'ADMIN_PASSWORD must have at least 8 characters').optional(),
  /** Secret that signs tokens; kept in DATA_DIR/secret.key when unset. */
  TOKEN_SECRET: z.string().min(32, 'TOKEN_SECRET must have at least 32 characters').optional(),
  TOKEN_TTL_SECONDS: z.coerce.number().int().positive().default(7 * 24 * 3600),
  /** Largest websocket frame accepted; larger frames are refused by `ws` before parsing. */
  MAX_FRAME_BYTES: z.coerce.number().int().min(1024).default(4 * 1024 * 1024),
  /** Messages per second one socket may send on average (token bucket; bursts up to twice as many). */
  MAX_MESSAGES_PER_SECOND: z.coerce.number().int().min(1).default(300),
  /** Open collaboration sockets per user (all reports). */
  MAX_CONNECTIONS_PER_USER: z.coerce.number().int().min(1).default(64),
  /** Open collaboration sockets per report. */
  MAX_CONNECTIONS_PER_REPORT: z.coerce.number().int().min(1).default(1000),
  /** Bytes queued for a socket that does not read before it is cut off (others are not slowed). */
  MAX_SEND_BUFFER_BYTES: z.coerce.number().int().min(64 * 1024).default(16 * 1024 * 1024),
  /** Units of work one Yjs update may hold: structs, delete ranges, inserted values (collab/updateShape.ts); more closes 4400. */
  MAX_UPDATE_STRUCTS: z.coerce.number().int().min(100).default(10_000),
  /**
   * Deepest nesting of elements in the document and of JSON values in an update; deeper closes
   * 4400. At most 500: the body's readers (y-tiptap, ProseMirror) recurse per level and overflow
   * the stack past ~1,000.
   */
  MAX_NESTING_DEPTH: z.coerce.number().int().min(8).max(500).default(100),
  /** Time a client has to send a complete HTTP request (headers, body, websocket upgrade); then 408 and closed. */
  HANDSHAKE_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  /** Largest REST body. */
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(1024 * 1024),
  /** Group-commit window of the update log: appends within it share one write + fsync. */
  COMMIT_WINDOW_MS: z.coerce.number().int().min(0).max(1000).default(50),
  /** Compact a report's update log into a snapshot once it grows past this size. */
  COMPACT_LOG_BYTES: z.coerce.number().int().min(1024).default(4 * 1024 * 1024),
  /** Quiet time after the last edit before the server recomputes KPI blocks and trend charts. */
  KPI_DEBOUNCE_MS: z.coerce.number().int().min(0).max(5000).default(200),
  /** Longest KPI values may lag behind while people type without pausing. */
  KPI_MAX_WAIT_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  /** `off` disables the server's KPI writes (a diagnostics switch for the benchmark's on/off comparison). */
  KPI_RECOMPUTE: z.enum(['on', 'off']).default('on'),
  /** `off` records no cell history (a diagnostics switch for the fan-out benchmark's attribution on/off comparison). */
  CELL_HISTORY: z.enum(['on', 'off']).default('on'),
  /** Create the demo report on first start. */
  SEED_DEMO: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  /** Serve the built client from here. */
  CLIENT_DIR: z.string().default('./dist/client'),
  /** Least time between two autosaved snapshots of a draft while it is edited (history). */
  SNAPSHOT_INTERVAL_MS: z.coerce.number().int().min(50).default(5 * 60 * 1000),
  /** Autosaved snapshots kept per report; the oldest automatic ones are pruned beyond it. */
  SNAPSHOT_KEEP: z.coerce.number().int().min(1).default(200),
  /**
   * Cookie `Secure` flag, an explicit override: `true` always, `false` never. Unset (the default), the
   * flag follows the request: set when it came over HTTPS (see TRUST_PROXY for a TLS-terminating proxy).
   */
  COOKIE_SECURE: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true')),
  /**
   * TEST ONLY: while the file at this path exists, every durable write fails
   * with ENOSPC (EROFS if the file says so). Read by storage/faultInjection.ts.
   */
  STORAGE_FAULT_FILE: z.string().min(1).optional(),
  // issue 13: HTTP / socket edge
  /**
   * Origins, besides the server's own, whose pages may open the collaboration socket (comma-separated,
   * e.g. `https://ops.example.com,http://localhost:5173`). The server's own origin is the request's
   * `Host` with its protocol (http, or https per TRUST_PROXY); every other Origin is refused (403).
   */
  ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((v, ctx) => {
      const origins: string[] = []
      for (const entry of v.split(',').map((e) => e.trim()).filter(Boolean)) {
        const url = URL.canParse(entry) ? new URL(entry) : null
        // An origin is scheme://host[:port], nothing after it (a path would never match an Origin header).
        if (!url || !/^https?:$/.test(url.protocol) || `${url.origin}/` !== url.href.replace(/\/?$/, '/')) {
          ctx.addIssue({ code: 'custom', message: `not an http(s) origin: ${JSON.stringify(entry)}` })
          return z.NEVER
        }
        origins.push(url.origin)
      }
      return origins
    }),
  /**
   * `true` when exactly one reverse proxy stands in front of the server and sets `X-Forwarded-Proto`
   * (and appends the client to `X-Forwarded-For`): only then are those headers believed. Off (the
   * default), anyone could send them, so the protocol is the connection's and the client is its peer.
   */
  TRUST_PROXY: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  // issue 13: quotas (unbounded growth and amplification)
  /** Reports one user may create within any 24 hours (admins are exempt); beyond: 429 quota_exceeded with Retry-After. */
  REPORTS_PER_USER_PER_DAY: z.coerce.number().int().min(1).default(50),
  /** Longest comment or reply, in characters (after trimming; at most 100,000, the ceiling of schema/api/commentsApi.ts); longer: 413 quota_exceeded. */
  MAX_COMMENT_CHARS: z.coerce.number().int().min(100).max(100_000).default(2000),
  /** Comments one report may hold, first comments of threads and replies together; beyond: 422 quota_exceeded. */
  MAX_COMMENTS_PER_REPORT: z.coerce.number().int().min(1).default(500),
  /** Snapshot restores one user may do within any hour (each writes a snapshot and sends the whole body to every editor); beyond: 429. */
  RESTORES_PER_USER_PER_HOUR: z.coerce.number().int().min(1).default(20),
  /** Unlocks of published reports one user may do within any 24 hours (each leads to one more immutable version file); beyond: 429. */
  UNLOCKS_PER_USER_PER_DAY: z.coerce.number().int().min(1).default(10),
  /** Member additions, role changes and removals one user may make within any hour (each rewrites the metadata file and adds an audit entry); beyond: 429. */
  MEMBER_CHANGES_PER_USER_PER_HOUR: z.coerce.number().int().min(1).default(200),
  // issue 13: login throttle and password hashing
  /** Failed sign-ins per account before backoff starts (the account then waits LOGIN_BACKOFF_BASE_MS, doubling per failure). */
  LOGIN_FREE_FAILURES: z.coerce.number().int().min(0).default(5),
  /** Failed sign-ins per client address (any accounts) before backoff starts. */
  LOGIN_FREE_FAILURES_PER_ADDRESS: z.coerce.number().int().min(0).default(20),
  /** First wait after the free failures; each further failure doubles it. */
  LOGIN_BACKOFF_BASE_MS: z.coerce.number().int().min(1).default(1000),
  /** Longest wait between two sign-in attempts of a throttled account or address. */
  LOGIN_BACKOFF_MAX_MS: z.coerce.number().int().min(1).default(15 * 60 * 1000),
  /** A failure counter (account or address) is forgotten this long after its last failure. */
  LOGIN_FAILURES_FORGET_MS: z.coerce.number().int().min(1000).default(60 * 60 * 1000),
  /** A refused sign-in (429 throttled, 503 hashing queue full) is answered after this delay (at most its Retry-After): a client retrying at once makes one attempt per delay per connection. */
  LOGIN_REFUSAL_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  /** scrypt computations running at once (sign-in, password change, new users), each on its own low-priority thread (auth/ScryptWorkers.ts). */
  PASSWORD_HASH_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  /** scrypt computations waiting for a slot; beyond: 503 with Retry-After. */
  PASSWORD_HASH_QUEUE: z.coerce.number().int().min(0).max(10_000).default(32),
  /**
   * libuv's thread pool (file writes, WebCrypto token checks; not scrypt). Read by libuv itself when the pool starts:
   * server/threadpoolSize.cjs (preloaded by the Node flags in package.json) sets 16 unless set; 4 (libuv's
   * default) when the server is started without it.
   */
  UV_THREADPOOL_SIZE: z.coerce.number().int().min(1).max(1024).default(4),
  // issue 14: times in the instance's time zone
  /**
   * IANA time zone (e.g. `Asia/Shanghai`, `Europe/Berlin`, `UTC`) every time is shown in: the UI (it reads
   * it from `GET /api/config`) and the HTML / Markdown exports. Stored times stay ISO 8601 in UTC.
   */
  TIMEZONE: z
    .string()
    .default(DEFAULT_TIME_ZONE)
    .refine(isTimeZone, 'not an IANA time zone name (e.g. Asia/Shanghai, Europe/Berlin, UTC)'),
  // issue 14: archive / delete of a report
  /**
   * Days an archived report can be restored by its owners or an admin; after that it is hidden for good (its
   * files stay on disk, nothing is deleted).
   */
  ARCHIVE_RESTORE_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
  // issue 16: several processes (README "Several processes")
  /** PostgreSQL connection string. With REDIS_URL: cluster mode; with neither: the embedded default (files + lowdb). */
  DATABASE_URL: z.string().min(1).optional(),
  /** Redis connection string (needs appendonly yes, appendfsync always, maxmemory-policy noeviction; checked at boot). */
  REDIS_URL: z.string().min(1).optional(),
  /** Prefix of every Redis key and channel: several clusters (or test runs) may share one Redis. */
  REDIS_KEY_PREFIX: z.string().regex(/^[A-Za-z0-9_.:-]{0,64}$/, 'letters, digits and _ . : - only, at most 64').default(''),
  /** A process whose heartbeat is older than this is taken for dead: its cursors are removed everywhere. */
  PROCESS_HEARTBEAT_TTL_MS: z.coerce.number().int().min(500).max(60_000).default(5000),
  /** Lease of a report's compaction and background work (KPI recompute, autosnapshots) held by one process. */
  REPORT_LEASE_MS: z.coerce.number().int().min(200).max(600_000).default(10_000),
  /** Stream entries already in a PostgreSQL snapshot are trimmed this long after the snapshot (a late joiner may still read them). */
  STREAM_TRIM_GRACE_MS: z.coerce.number().int().min(0).max(3_600_000).default(60_000),
  /** Compact a report's stream into a PostgreSQL snapshot once it holds this many entries. */
  COMPACT_STREAM_ENTRIES: z.coerce.number().int().min(1).default(500),
  /** TEST ONLY: a compactor waits this long between merging and writing (a compactor paused past its lease). */
  TEST_COMPACTION_PAUSE_MS: z.coerce.number().int().min(0).optional(),
})

export type Env = z.infer<typeof schema>

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = schema.safeParse(source)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new Error(`Invalid environment:\n${lines.join('\n')}`)
  }
  const env = parsed.data
  if ((env.DATABASE_URL === undefined) !== (env.REDIS_URL === undefined)) {
    const missing = env.DATABASE_URL === undefined ? 'DATABASE_URL' : 'REDIS_URL'
    throw new Error(
      `Invalid environment:\n  ${missing}: cluster mode needs both DATABASE_URL and REDIS_URL (set ${missing} too, or unset the other for the embedded default)`,
    )
  }
  return { ...env, DATA_DIR: path.resolve(env.DATA_DIR), CLIENT_DIR: path.resolve(env.CLIENT_DIR) }
}
