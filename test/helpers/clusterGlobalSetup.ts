/**
 * vitest globalSetup of `npm run test:cluster` (vitest.cluster.config.ts):
 * one private redis-server for the whole run, handed to the test workers
 * through TEST_CLUSTER_REDIS_URL, and a run id (TEST_CLUSTER_RUN) that names
 * the run's databases (test/helpers/clusterSwitch.ts). At the end: Redis
 * stopped, its folder removed, every database of the run dropped.
 */
import { randomBytes } from 'node:crypto'
import { rmSync } from 'node:fs'
import pg from 'pg'
import { clusterDatabasePrefix } from './clusterSwitch'
import { PG_ADMIN_URL } from './postgres'
import { startRedis } from './redis'

export default async function setup(): Promise<() => Promise<void>> {
  const redis = await startRedis()
  const run = randomBytes(4).toString('hex')
  process.env.TEST_CLUSTER_REDIS_URL = redis.url
  process.env.TEST_CLUSTER_RUN = run
  return async () => {
    await redis.stop()
    rmSync(redis.dir, { recursive: true, force: true })
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL })
    await admin.connect()
    try {
      const { rows } = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${clusterDatabasePrefix(run).replaceAll('_', '\\_')}%`])
      for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`)
    } finally {
      await admin.end()
    }
  }
}
