/**
 * kill -9 at 50 random moments of a busy server (typing, compaction every
 * few dozen keystrokes, meta.json and comment rewrites): after each restart
 * every acknowledged edit is there, every report loads, meta.json parses and
 * the crash's temp files are gone. See helpers/crashScenario.ts.
 * Replay with `SEED=<n> npm run test:stress`.
 */
import { rmSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { seedFromEnv } from '../helpers/prng'
import type { TestServer } from '../helpers/startServer'
import { runCrashRounds } from './helpers/crashScenario'

const KILLS = 50
const servers: TestServer[] = []

afterAll(async () => {
  for (const s of servers) await s.kill()
  for (const dir of new Set(servers.map((s) => s.dataDir))) rmSync(dir, { recursive: true, force: true })
})

describe('kill -9 at 50 random moments', () => {
  const seed = seedFromEnv()
  it(`every acknowledged edit survives, every report loads (SEED=${seed})`, async () => {
    console.log(`[stress] kill -9 ×${KILLS}: SEED=${seed}`)
    const started = Date.now()
    const stats = await runCrashRounds({ kills: KILLS, seed, servers })
    console.log(`[stress] kill -9 ×${KILLS} SEED=${seed} in ${((Date.now() - started) / 1000).toFixed(1)} s:`, JSON.stringify(stats))
    expect(stats.kills).toBe(KILLS)
    expect(stats.keystrokesAcked, `SEED=${seed}: too few acknowledged keystrokes to prove anything`).toBeGreaterThan(KILLS * 20)
    expect(stats.reportsCreated + stats.rolesSet + stats.comments, `SEED=${seed}: metadata writes`).toBeGreaterThan(KILLS * 2)
  })
})
