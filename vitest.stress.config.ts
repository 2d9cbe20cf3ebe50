/**
 * `npm run test:stress`: the long fault runs of test/stress/ (kill -9 at 50
 * random moments, reconnect storms of 300 clients, the chaos-network
 * convergence fuzz). Excluded from `npm test`; `.ci/run` runs both. Each run
 * prints its seed; replay with `SEED=<n> npm run test:stress`.
 */
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const schemaDir = fileURLToPath(new URL('./schema', import.meta.url))

export default defineConfig({
  resolve: { alias: { '@schema': schemaDir } },
  test: {
    root: '.',
    include: ['test/stress/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 120_000,
    // Each file spawns real servers and hundreds of sockets: one file at a time on a 2-core machine.
    fileParallelism: false,
    reporters: ['default'],
  },
})
