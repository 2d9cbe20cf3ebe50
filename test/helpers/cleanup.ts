import { rmSync } from 'node:fs'
import type { TestServer } from './startServer'

/** Stops a test server (SIGTERM, then SIGKILL if it hangs) and deletes its DATA_DIR. */
export async function stopAndRemove(server: TestServer | undefined): Promise<void> {
  if (!server) return
  const timer = setTimeout(() => void server.kill(), 10_000)
  try {
    await server.stop()
  } finally {
    clearTimeout(timer)
    rmSync(server.dataDir, { recursive: true, force: true })
  }
}
