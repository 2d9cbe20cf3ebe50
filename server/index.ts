/**
 * Boot: environment → storage → app → listen. SIGTERM/SIGINT stop accepting,
 * save every open report, and exit 0 (1 if something could not be saved).
 */
import { serve } from '@hono/node-server'
import { createApp } from './app'
import { TokenService } from './auth/TokenService'
import { bootstrap } from './bootstrap'
import { roleGate } from './collab/roleGate'
import { RoomManager } from './collab/RoomManager'
import { readEnv } from './env'
import { kpiRecompute } from './kpi/kpiRecompute'
import { MetaStore } from './meta/MetaStore'
import { FileDocStore } from './storage/FileDocStore'

async function main(): Promise<void> {
  const env = readEnv()
  const meta = await MetaStore.open(env.DATA_DIR)
  const store = new FileDocStore(env.DATA_DIR, { commitWindowMs: env.COMMIT_WINDOW_MS })
  const tokens = new TokenService(await TokenService.secretFor(env.DATA_DIR, env.TOKEN_SECRET), env.TOKEN_TTL_SECONDS)
  const kpis = kpiRecompute({ debounceMs: 200, reportInfo: (id) => meta.report(id) })
  const rooms = new RoomManager(store, [roleGate(meta), kpis], {
    compactLogBytes: env.COMPACT_LOG_BYTES,
    unloadDelayMs: 2000,
    retryMs: 1000,
  })
  await bootstrap(env, meta, store)

  const { app, injectWebSocket, wss } = createApp({ env, meta, store, rooms, tokens })
  const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, (info) => {
    console.log(`[boot] listening on http://${env.HOST}:${info.port}  (data: ${env.DATA_DIR})`)
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
