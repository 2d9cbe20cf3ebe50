/**
 * Boot: environment → storage → app → listen. SIGTERM/SIGINT stop accepting,
 * save every open report, and exit 0 (1 if something could not be saved).
 */
import { serve } from '@hono/node-server'
import { createApp } from './app'
import { limitPasswordHashing } from './auth/passwords'
import { TokenService } from './auth/TokenService'
import { bootstrap } from './bootstrap'
import { openBackends } from './boot/openBackends'
import { lockGate } from './reports/lockGate'
import { roleGate } from './reports/roleGate'
import { statusOnJoin } from './collab/statusOnJoin'
import { reconcilePublished } from './reports/publishReport'
import { ReportLocks } from './reports/ReportLocks'
import { trendReader } from './reports/seriesAccess'
import { SeriesHistory } from './versions/SeriesHistory'
import { RoomManager } from './collab/RoomManager'
import { threadEvents } from './comments/threadView'
import { autoSnapshot } from './history/autoSnapshot'
import { cellHistoryRecorder } from './cellHistory/cellHistoryRecorder'
import { readEnv } from './env'
import { kpiRecompute } from './kpi/kpiRecompute'

async function main(): Promise<void> {
  const env = readEnv()
  limitPasswordHashing(env.PASSWORD_HASH_CONCURRENCY, env.PASSWORD_HASH_QUEUE)
  const backends = await openBackends(env)
  const { meta, docs: store, comments, versions, cluster } = backends
  const tokens = new TokenService(backends.tokenSecret, env.TOKEN_TTL_SECONDS)
  await reconcilePublished(meta, versions)
  const history = await SeriesHistory.load(meta, versions)
  const locks = new ReportLocks(meta, cluster?.locks)
  // Cluster mode: background work on a report runs in the one process holding its lease.
  const runsHere = cluster ? (id: string) => cluster.leases.holds(id) : undefined
  const snapshots = autoSnapshot({ store: backends.snapshots, intervalMs: env.SNAPSHOT_INTERVAL_MS, runsHere })
  const kpis = kpiRecompute({
    debounceMs: env.KPI_DEBOUNCE_MS,
    maxWaitMs: env.KPI_MAX_WAIT_MS,
    reportInfo: (id) => meta.report(id),
    // A report's charts show the published months every one of its owners may read (seriesAccess.ts).
    trendHistory: (reportId, series, period, key, months) => history.points(series, period, key, months, trendReader(meta, reportId)),
    isLocked: (id) => locks.isLocked(id),
    automatic: env.KPI_RECOMPUTE === 'on',
    runsHere,
  })
  // Who changed which metric field (recorded by the process that received the change from its author).
  const cellHistory = env.CELL_HISTORY === 'on' ? [cellHistoryRecorder(backends.cellHistory)] : []
  // The lock gate first, so a writer on a published report is told "locked", not "read only".
  const limits = { limits: { maxStructs: env.MAX_UPDATE_STRUCTS, maxDepth: env.MAX_NESTING_DEPTH } }
  // The leases last: a closing room's snapshot is taken before its lease is given back.
  const clusterHooks = cluster ? [cluster.presence, cluster.leases] : []
  const rooms = new RoomManager(store, [limits, lockGate(locks), roleGate(meta), statusOnJoin(meta), kpis, snapshots, ...cellHistory, ...clusterHooks], {
    relay: cluster?.events,
    compactLogBytes: env.COMPACT_LOG_BYTES,
    unloadDelayMs: 2000,
    retryMs: 1000,
  })
  // A lease taken (first load, or its holder died): the report's values are recomputed here now.
  cluster?.leases.onTaken((room) => kpis.flush(room, 'check'))
  // Events from other processes, for this process's editors: as sent, or rebuilt per user from the stored thread.
  cluster?.events.onRelayed((reportId, relayed) => {
    if (relayed.kind === 'event') rooms.deliver(reportId, relayed.event)
    else {
      comments.read(reportId).then(
        (file) => rooms.deliverEach(reportId, threadEvents(file, relayed.threadId, meta)),
        (err: unknown) => console.error(`[cluster] report ${reportId}: comment thread not relayed:`, err),
      )
    }
  })
  try {
    await bootstrap(env, meta, store)
  } catch (err) {
    // Cluster processes started together: another one created the admin (a unique username) first.
    if (!cluster || !/duplicate/.test((err as Error).message)) throw err
    console.log('[boot] another process created the first user; nothing to seed')
  }

  const { app, injectWebSocket, wss } = createApp({
    env,
    meta,
    store,
    rooms,
    tokens,
    comments,
    apiTokens: backends.apiTokens,
    versions,
    history,
    locks,
    flushKpis: (room, reason) => kpis.flush(room, reason),
    openThreads: (id) => comments.openThreads(id),
    snapshots,
    cellHistory: backends.cellHistory,
    tickets: backends.tickets,
    quotas: backends.quotas,
    loginThrottleState: backends.loginThrottleState,
  })
  // A client that opens a connection and never finishes its request (a
  // slowloris, or an upgrade that never completes) holds a socket and a
  // parser: Node answers 408 and closes it after HANDSHAKE_TIMEOUT_MS. Node
  // looks for such connections every connectionsCheckingInterval (30 s by
  // default), so that is tightened too. Upgraded websockets leave the HTTP
  // server and are not affected.
  const serverOptions = {
    headersTimeout: env.HANDSHAKE_TIMEOUT_MS,
    requestTimeout: env.HANDSHAKE_TIMEOUT_MS,
    connectionsCheckingInterval: Math.min(1000, Math.max(50, Math.floor(env.HANDSHAKE_TIMEOUT_MS / 4))),
  }
  const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST, serverOptions }, (info) => {
    const data = cluster ? `cluster mode, process ${cluster.processId}` : `data: ${env.DATA_DIR}`
    console.log(`[boot] listening on http://${env.HOST}:${info.port}  (${data}, thread pool: ${env.UV_THREADPOOL_SIZE})`)
  })
  injectWebSocket(server)

  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`[boot] ${signal}: saving and stopping`)
    server.close()
    let code = 0
    try {
      await rooms.shutdown()
      await comments.idle() // a comment being written when the signal came
      await backends.apiTokens.idle() // a token created or revoked, a last use
      await snapshots.store.idle() // the snapshots rooms took as they closed
      await backends.cellHistory.idle() // the last changes of the rooms that closed
      await backends.close()
    } catch (err) {
      console.error('[boot] could not save everything:', err)
      code = 1
    }
    for (const client of wss.clients) client.terminate()
    process.exit(code)
  }
  process.on('SIGTERM', () => void stop('SIGTERM'))
  process.on('SIGINT', () => void stop('SIGINT'))
}

main().catch((err: unknown) => {
  console.error('[boot] failed:', err instanceof Error ? err.message : err)
  process.exit(1)
})
