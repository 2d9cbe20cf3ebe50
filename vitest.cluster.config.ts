/**
 * `npm run test:cluster`: the existing tests that store reports and run rooms
 * through the server's API (REST and the collaboration socket) and never
 * read or write files inside DATA_DIR, run again in cluster mode
 * (TEST_CLUSTER=1: every startServer() gets DATABASE_URL / REDIS_URL, see
 * test/helpers/clusterSwitch.ts), plus the cluster tests of issue 16
 * (test/cluster.*.test.ts, which start their own PostgreSQL database,
 * redis-server and processes). One private redis-server for the run
 * (test/helpers/clusterGlobalSetup.ts); one database per DATA_DIR, dropped at
 * the end.
 *
 * Excluded, and why:
 * - they read or write files inside DATA_DIR, which cluster mode does not
 *   use (meta.json, report folders, comments and snapshot files, secret.key):
 *   archive.rest, badInput.socket, boot.secretKey, comments.rest,
 *   hostile.attributes, hostile.frames, hostile.names, hostile.rest,
 *   hostile.tokens, limits.rest, members.access, passwordPolicy,
 *   publish.lock, quotas.rest, roles.enforced, quarantine.damagedStorage,
 *   storage.durability, storage.faults, storage.kill9 (counts temp and
 *   snap-*.bin files), versions.damaged, versions.schemaV1;
 * - no server, or nothing of storage and rooms: api.contract,
 *   repo.selfContained, http.securityHeaders, http.proxyTrust,
 *   hostile.crossOrigin, hostile.login, health.reset;
 * - Chromium or LibreOffice (minutes each on 2 cores; the rooms they use are
 *   covered by the socket tests here): browser.*, export.docx.libreoffice.
 */
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const schemaDir = fileURLToPath(new URL('./schema', import.meta.url))

/** The existing tests that run in both modes. */
const BOTH_MODES = [
  'api.responses',
  'auth.me',
  'blocks.concurrency',
  'cellHistory',
  'check.locale',
  'collab.convergence',
  'collab.tickets',
  'comments.anchors',
  'exports.timeAndNames',
  'history.rest',
  'hostile.awareness',
  'hostile.handshake',
  'kpis.recompute',
  'kpis.rest',
  'limits.socket',
  'metrics.push',
  'published.frozen',
  'quarantine.unknownContent',
  'quarantine.unknownMark',
  'roles.atWrite',
  'series.list',
  'series.monthly',
  'series.owner',
  'versions.trendExport',
]

export default defineConfig({
  resolve: { alias: { '@schema': schemaDir } },
  test: {
    root: '.',
    include: [...BOTH_MODES.map((name) => `test/${name}.test.ts`), 'test/cluster.*.test.ts', 'test/helpers/roundRobinProxy.test.ts'],
    globalSetup: ['test/helpers/clusterGlobalSetup.ts'],
    env: { TEST_CLUSTER: '1' },
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Each file spawns real servers (three per cluster test): one file at a time on a 2-core machine.
    fileParallelism: false,
  },
})
