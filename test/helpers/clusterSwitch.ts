/**
 * The cluster switch of startServer(): when the test process has
 * TEST_CLUSTER=1 (vitest.cluster.config.ts), every server started without
 * its own DATABASE_URL runs in cluster mode on the run's private Redis
 * (started by clusterGlobalSetup.ts) and a database of its own. The database
 * name and the Redis key prefix derive from the DATA_DIR, so a restart on the
 * same DATA_DIR finds its data and two DATA_DIRs are two separate instances.
 * clusterGlobalSetup.ts drops the run's databases at the end.
 */
import { createHash } from 'node:crypto'
import pg from 'pg'
import { PG_ADMIN_URL } from './postgres'

export const clusterSwitchOn = () => process.env.TEST_CLUSTER === '1'

/** Prefix of the databases of one run: `tc_<run>_`. */
export const clusterDatabasePrefix = (run: string) => `tc_${run}_`

function withDatabase(url: string, name: string): string {
  const u = new URL(url)
  u.pathname = `/${name}`
  return u.toString()
}

/** DATABASE_URL, REDIS_URL and REDIS_KEY_PREFIX for the instance whose data folder is `dataDir` (its database created if new). */
export async function clusterEnvFor(dataDir: string): Promise<Record<string, string>> {
  const redisUrl = process.env.TEST_CLUSTER_REDIS_URL
  const run = process.env.TEST_CLUSTER_RUN
  if (!redisUrl || !run) {
    throw new Error('TEST_CLUSTER=1 needs the cluster global setup (TEST_CLUSTER_REDIS_URL, TEST_CLUSTER_RUN): run `npm run test:cluster -- <file>`')
  }
  const hash = createHash('sha256').update(dataDir).digest('hex')
  const name = `${clusterDatabasePrefix(run)}${hash.slice(0, 12)}`
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL })
  await admin.connect()
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${name}`)
  } finally {
    await admin.end()
  }
  return { DATABASE_URL: withDatabase(PG_ADMIN_URL, name), REDIS_URL: redisUrl, REDIS_KEY_PREFIX: `d${hash.slice(0, 10)}:` }
}
