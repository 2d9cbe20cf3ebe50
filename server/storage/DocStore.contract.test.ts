/** The DocStore contract (docStoreContract.ts) against the embedded files and cluster mode's Redis streams + PostgreSQL. */
import { rmSync } from 'node:fs'
import { afterAll, beforeAll } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../../test/helpers/postgres'
import { startRedis, type TestRedis } from '../../test/helpers/redis'
import { tempDataDir } from '../../test/helpers/startServer'
import { openCluster, type Cluster } from '../cluster/openCluster'
import { readEnv } from '../env'
import { docStoreContract } from './docStoreContract'
import { FileDocStore } from './FileDocStore'

const dir = tempDataDir()
afterAll(() => rmSync(dir, { recursive: true, force: true }))

docStoreContract('FileDocStore', {
  open: async () => new FileDocStore(dir, { commitWindowMs: 5, maxValueDepth: 100 }),
  close: async () => undefined,
})

let db: TestDatabase
let redis: TestRedis
const clusters: Cluster[] = []
beforeAll(async () => {
  db = await createTestDatabase()
  redis = await startRedis()
}, 30_000)
afterAll(async () => {
  await redis?.stop()
  await db?.drop()
})

docStoreContract('ClusterDocStore', {
  // Each open is another process's view of the same PostgreSQL database and Redis.
  open: async () => {
    const cluster = await openCluster(readEnv({ DATABASE_URL: db.url, REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'contract:' }) as never)
    clusters.push(cluster)
    return cluster.docs
  },
  close: async () => {
    for (const c of clusters.splice(0)) await c.close()
  },
})
