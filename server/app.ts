/**
 * The Hono app: REST under /api, the collaboration socket under /collab,
 * the built client for everything else. One onError renders every error as
 * `{"error": {"code", "message"}}`.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { bodyLimit } from 'hono/body-limit'
import { createNodeWebSocket } from '@hono/node-ws'
import { serveStatic } from '@hono/node-server/serve-static'
import { CollabTickets } from './auth/CollabTickets'
import type { CollabTicketStore } from './auth/CollabTicketStore'
import { LoginThrottle } from './auth/LoginThrottle'
import type { LoginThrottleStateFactory } from './auth/LoginThrottleState'
import type { TokenService } from './auth/TokenService'
import { collabRoute } from './collab/collabRoute'
import { ConnectionLimits } from './collab/ConnectionLimits'
import { OpenSockets } from './collab/OpenSockets'
import type { RoomManager } from './collab/RoomManager'
import type { CommentStore } from './comments/CommentStore'
import { apiTokenGate } from './apiTokens/apiTokenGate'
import type { ApiTokenStore } from './apiTokens/ApiTokenStore'
import type { Env } from './env'
import { configRoutes } from './routes/configRoutes'
import { AppError, badRequest, notFound, RetryLaterError, tooLarge } from './errors'
import type { AppEnv } from './http/AppEnv'
import { requireAllowedOrigin, type OriginPolicy } from './http/originPolicy'
import { requireJsonContentType } from './http/requireJsonContentType'
import { securityHeaders } from './http/securityHeaders'
import { storageErrorResponse } from './http/storageErrorResponse'
import { emptyBodyIsEmptyObject } from './http/validation'
import type { MetaStore } from './meta/MetaStore'
import { authRoutes } from './routes/authRoutes'
import { collabTicketRoutes } from './routes/collabTicketRoutes'
import { cellHistoryRoutes } from './routes/cellHistoryRoutes'
import { commentRoutes } from './routes/commentRoutes'
import { healthRoutes } from './routes/healthRoutes'
import { historyRoutes } from './routes/historyRoutes'
import { openApiRoutes } from './routes/openApiRoutes'
import { activityRoutes } from './routes/activityRoutes'
import { metricsRoutes } from './routes/metricsRoutes'
import { tokenRoutes } from './routes/tokenRoutes'
import { reportRoutes } from './routes/reportRoutes'
import { seriesRoutes } from './routes/seriesRoutes'
import { userRoutes } from './routes/userRoutes'
import { versionRoutes } from './routes/versionRoutes'
import type { Room } from './collab/Room'
import type { FlushReason } from './kpi/kpiRecompute'
import type { OpenThreads } from './reports/checkLiveReport'
import type { ReportLocks } from './reports/ReportLocks'
import type { SeriesHistory } from './versions/SeriesHistory'
import type { VersionStore } from './versions/VersionStore'
import type { DocStore } from './storage/DocStore'
import { SchemaVersionError } from '@schema/document/migrateDocument'
import type { AutoSnapshot } from './history/autoSnapshot'
import type { CellHistoryStore } from './cellHistory/CellHistoryStore'
import type { QuotaFactory } from './quotas/QuotaCounter'

export interface AppDeps {
  env: Env
  meta: MetaStore
  store: DocStore
  rooms: RoomManager
  tokens: TokenService
  comments: CommentStore
  /** API tokens for machines (Bearer `opr_…`): checked before any route by apiTokenGate. */
  apiTokens: ApiTokenStore
  versions: VersionStore
  history: SeriesHistory
  locks: ReportLocks
  /** Recomputes a room's KPI blocks now (before a check or a publish). */
  flushKpis(room: Room, reason?: FlushReason): void
  openThreads?: OpenThreads
  /** Autosaved snapshots of drafts (history): the store and the room hook that fills it. */
  snapshots: AutoSnapshot
  /** The history of metric rows' fields (who changed what, when): read by GET …/blocks/:blockId/history. */
  cellHistory: CellHistoryStore
  /** Socket tickets (POST /api/collab-ticket); a fresh in-memory set when omitted. */
  tickets?: CollabTicketStore
  /** Failed sign-in backoff; built from env when not given (tests pass one with their own clock). */
  loginThrottle?: LoginThrottle
  /** Where the built login throttle keeps its counters (Redis in cluster mode); this process's memory when omitted. */
  loginThrottleState?: LoginThrottleStateFactory
  /** The per-user quotas' counters (Redis in cluster mode: one allowance across processes); in memory when omitted. */
  quotas?: QuotaFactory
}

export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  const ws = createNodeWebSocket({ app })
  // Frames over the limit are refused by `ws` (close 1009) before they are buffered or parsed.
  ws.wss.options.maxPayload = deps.env.MAX_FRAME_BYTES

  app.onError((err, c) => {
    // The stores' typed errors (a full disk, a refused write, data that cannot be read), from whichever route met them.
    err = storageErrorResponse(err) ?? err
    // Written by a newer server: refused rather than read as an older shape (schema/document/migrateDocument.ts).
    if (err instanceof SchemaVersionError) err = new AppError(500, 'schema_too_new', err.message)
    // The JSON validator's own refusal (http/validation.ts): a body that does not parse.
    if (err instanceof HTTPException && err.status === 400) err = badRequest('The body is not valid JSON.')
    if (err instanceof RetryLaterError) c.header('Retry-After', String(err.retryAfterSeconds))
    if (err instanceof AppError) {
      return c.json({ error: { code: err.code, message: err.message, details: err.details } }, err.status)
    }
    console.error('[http] unexpected error:', err)
    return c.json({ error: { code: 'internal', message: 'Internal server error.' } }, 500)
  })

  const tickets = deps.tickets ?? new CollabTickets()
  const origins: OriginPolicy = { allowedOrigins: deps.env.ALLOWED_ORIGINS, trustProxy: deps.env.TRUST_PROXY }
  const onlyPagesOfAllowedOrigins = requireAllowedOrigin(origins)

  // CSP and friends on every answer: the app, its files, the API, the exports (http/securityHeaders.ts).
  app.use('*', securityHeaders())
  // State-changing calls: JSON only (415), and never from a page of a foreign origin (403).
  app.use('/api/*', requireJsonContentType())
  app.use('/api/*', async (c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : onlyPagesOfAllowedOrigins(c, next)))
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: deps.env.MAX_BODY_BYTES,
      onError: () => {
        throw tooLarge(deps.env.MAX_BODY_BYTES)
      },
    }),
  )
  app.use('/api/*', emptyBodyIsEmptyObject())
  // Cluster mode: what another process committed before this request is read in first (read-your-writes:
  // a report created through one process is found by the next request, whichever process it reaches).
  const catchUp = deps.meta.catchUp?.bind(deps.meta)
  if (catchUp) app.use('/api/*', async (_c, next) => {
    await catchUp()
    await next()
  })
  // A Bearer `opr_…` is an API token: authenticated here, and kept to the few routes tokens reach.
  app.use('/api/*', apiTokenGate(deps.apiTokens, deps.meta))

  const sockets = new OpenSockets(deps.meta)
  // Cluster mode: a member removed or a user deactivated through another process closes the sockets here too.
  deps.meta.onExternalChange?.(() => sockets.recheckAll())
  const loginThrottle =
    deps.loginThrottle ??
    new LoginThrottle({
      freeFailuresPerAccount: deps.env.LOGIN_FREE_FAILURES,
      freeFailuresPerAddress: deps.env.LOGIN_FREE_FAILURES_PER_ADDRESS,
      baseDelayMs: deps.env.LOGIN_BACKOFF_BASE_MS,
      maxDelayMs: deps.env.LOGIN_BACKOFF_MAX_MS,
      forgetAfterMs: deps.env.LOGIN_FAILURES_FORGET_MS,
      refusalDelayMs: deps.env.LOGIN_REFUSAL_DELAY_MS,
      state: deps.loginThrottleState,
    })
  const api = new Hono<AppEnv>()
    .route('/health', healthRoutes(deps.tokens, deps.meta))
    .route('/config', configRoutes(deps.env))
    .route('/auth', authRoutes(deps.meta, deps.tokens, { cookieSecure: deps.env.COOKIE_SECURE, trustProxy: deps.env.TRUST_PROXY }, loginThrottle))
    .route('/collab-ticket', collabTicketRoutes({ meta: deps.meta, tokens: deps.tokens, tickets }))
    .route('/users', userRoutes(deps.meta, deps.tokens, sockets))
    .route('/reports', reportRoutes({ ...deps, sockets }))
    .route('/reports', versionRoutes(deps))
    .route('/reports', commentRoutes(deps))
    .route('/reports', historyRoutes(deps))
    .route('/reports', cellHistoryRoutes(deps))
    .route('/reports', activityRoutes(deps))
    .route('/series', seriesRoutes(deps.meta, deps.tokens))
    .route('/tokens', tokenRoutes(deps))
    .route('/', metricsRoutes(deps))
    .route('/openapi.json', openApiRoutes())
  app.route('/api', api)
  app.all('/api/*', () => {
    throw notFound('Endpoint')
  })

  app.get(
    '/collab/:reportId',
    onlyPagesOfAllowedOrigins,
    collabRoute({
      upgradeWebSocket: ws.upgradeWebSocket,
      rooms: deps.rooms,
      meta: deps.meta,
      tokens: deps.tokens,
      sockets,
      tickets,
      limits: new ConnectionLimits({ perUser: deps.env.MAX_CONNECTIONS_PER_USER, perReport: deps.env.MAX_CONNECTIONS_PER_REPORT }),
      maxMessagesPerSecond: deps.env.MAX_MESSAGES_PER_SECOND,
      maxSendBufferBytes: deps.env.MAX_SEND_BUFFER_BYTES,
    }),
  )

  // The built client; unknown paths get index.html so client-side routes load.
  const root = deps.env.CLIENT_DIR
  app.use('/*', serveStatic({ root }))
  const indexFile = path.join(root, 'index.html')
  app.get('*', (c) => {
    if (!existsSync(indexFile)) return c.text('Client not built: run `npm run build`.', 503)
    return c.html(readFileSync(indexFile, 'utf8'))
  })

  return { app, injectWebSocket: ws.injectWebSocket, wss: ws.wss }
}
