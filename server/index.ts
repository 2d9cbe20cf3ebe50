/**
 * Boot: environment → storage → app → listen. SIGTERM/SIGINT stop accepting,
 * save every open report, and exit 0 (1 if something could not be saved).
 */
import { serve } from '@hono/node-server'
import { createApp } from './app'
import { limitPasswordHashing } from './auth/passwords'
import { TokenService } from './auth/TokenService'
import { bootstrap } from './bootstrap'
import { lockGate } from './reports/lockGate'
import { roleGate } from './reports/roleGate'
import { statusOnJoin } from './collab/statusOnJoin'
import { reconcilePublished } from './reports/publishReport'
import { ReportLocks } from './reports/ReportLocks'
import { trendReader } from './reports/seriesAccess'
import { SeriesHistory } from './versions/SeriesHistory'
import { FileVersionStore } from './versions/FileVersionStore'
import { RoomManager } from './collab/RoomManager'
import { FileCommentStore } from './comments/FileCommentStore'
import { autoSnapshot } from './history/autoSnapshot'
import { FileSnapshotStore } from './history/FileSnapshotStore'
import { readEnv } from './env'
import { kpiRecompute } from './kpi/kpiRecompute'
import { FileMetaStore } from './meta/FileMetaStore'
import { FileDocStore } from './storage/FileDocStore'

async function main(): Promise<void> {
  const env = readEnv()
  limitPasswordHashing(env.PASSWORD_HASH_CONCURRENCY, env.PASSWORD_HASH_QUEUE)
  const meta = await FileMetaStore.open(env.DATA_DIR)
  const store = new FileDocStore(env.DATA_DIR, { commitWindowMs: env.COMMIT_WINDOW_MS, maxValueDepth: env.MAX_NESTING_DEPTH })
  const comments = new FileCommentStore(env.DATA_DIR)
  const tokens = new TokenService(await TokenService.secretFor(env.DATA_DIR, env.TOKEN_SECRET), env.TOKEN_TTL_SECONDS)
  const versions = new FileVersionStore(env.DATA_DIR, {
    recordedDigest: (id, label) => {
      const digests = meta.report(id)?.versionDigests
      return digests && Object.hasOwn(digests, label) ? digests[label] : undefined
    },
  })
  await reconcilePublished(meta, versions)
  const history = await SeriesHistory.load(meta, versions)
  const locks = new ReportLocks(meta)
  const snapshots = autoSnapshot({
    store: new FileSnapshotStore(env.DATA_DIR, { keep: env.SNAPSHOT_KEEP }),
    intervalMs: env.SNAPSHOT_INTERVAL_MS,
  })
  const kpis = kpiRecompute({
    debounceMs: env.KPI_DEBOUNCE_MS,
    maxWaitMs: env.KPI_MAX_WAIT_MS,
    reportInfo: (id) => meta.report(id),
    // A report's charts show the published months every one of its owners may read (seriesAccess.ts).
    trendHistory: (reportId, series, period, key, months) => history.points(series, period, key, months, trendReader(meta, reportId)),
    isLocked: (id) => locks.isLocked(id),
    automatic: env.KPI_RECOMPUTE === 'on',
  })
  // The lock gate first, so a writer on a published report is told "locked", not "read only".
  const limits = { limits: { maxStructs: env.MAX_UPDATE_STRUCTS, maxDepth: env.MAX_NESTING_DEPTH } }
  const rooms = new RoomManager(store, [limits, lockGate(locks), roleGate(meta), statusOnJoin(meta), kpis, snapshots], {
    compactLogBytes: env.COMPACT_LOG_BYTES,
    unloadDelayMs: 2000,
    retryMs: 1000,
  })
  await bootstrap(env, meta, store)

  const { app, injectWebSocket, wss } = createApp({
    env,
    meta,
    store,
    rooms,
    tokens,
    comments,
    versions,
    history,
    locks,
    flushKpis: (room, reason) => kpis.flush(room, reason),
    openThreads: (id) => comments.openThreads(id),
    snapshots,
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
    console.log(`[boot] listening on http://${env.HOST}:${info.port}  (data: ${env.DATA_DIR}, thread pool: ${env.UV_THREADPOOL_SIZE})`)
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
      await snapshots.store.idle() // the snapshots rooms took as they closed
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
