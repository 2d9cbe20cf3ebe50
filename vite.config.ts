/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'

// One alias for the shared schema, mirrored in tsconfig.json "paths" (tsx reads it there).
const schemaDir = fileURLToPath(new URL('./schema', import.meta.url))

export default defineConfig({
  root: 'client',
  plugins: [react()],
  resolve: { alias: { '@schema': schemaDir } },
  build: { outDir: '../dist/client', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8787',
      '/collab': { target: 'ws://127.0.0.1:8787', ws: true },
    },
  },
  test: {
    root: '.',
    include: ['schema/**/*.test.ts', 'server/**/*.test.ts', 'client/**/*.test.ts', 'test/**/*.test.ts'],
    // The long fault runs (kill -9 ×50, reconnect storms, chaos fuzz): `npm run test:stress`, vitest.stress.config.ts.
    // The multi-process cluster tests: `npm run test:cluster`, vitest.cluster.config.ts (with the cluster-mode subset).
    exclude: ['**/node_modules/**', '**/.git/**', 'test/stress/**', 'test/cluster.*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration tests spawn real servers and browsers; keep the 2-core machine from thrashing.
    fileParallelism: false,
  },
})
