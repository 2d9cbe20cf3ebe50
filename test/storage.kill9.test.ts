/**
 * The quick version of test/stress/crash.kill9.test.ts for `npm test`:
 * kill -9 at 5 random moments of typing, compaction (COMPACT_LOG_BYTES=2048)
 * and metadata writes; every acknowledged edit, report, role and comment
 * survives, every report loads, meta.json parses, crash temp files are
 * removed at boot. Replay with `SEED=<n>`.
 */
import { rmSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { seedFromEnv } from './helpers/prng'
import type { TestServer } from './helpers/startServer'
import { runCrashRounds } from './stress/helpers/crashScenario'

const KILLS = 5
const servers: TestServer[] = []

afterAll(async () => {
  for (const s of servers) await s.kill()
  for (const dir of new Set(servers.map((s) => s.dataDir))) rmSync(dir, { recursive: true, force: true })
})

describe('kill -9 at random moments (quick)', () => {
  const seed = seedFromEnv()
  it(`every acknowledged edit survives, every report loads (SEED=${seed})`, { timeout: 120_000 }, async () => {
    const stats = await runCrashRounds({ kills: KILLS, seed, servers })
    console.log(`kill -9 ×${KILLS} SEED=${seed}:`, JSON.stringify(stats))
    expect(stats.keystrokesAcked, `SEED=${seed}: too few acknowledged keystrokes`).toBeGreaterThan(KILLS * 10)
  })
})
