/**
 * The PostgreSQL stores of cluster mode, opened for the one-time import and
 * its verification (migrateToPostgres): the pool (schema migrated by
 * openPostgres), the metadata, the document rows and the record stores.
 * The verification opens a second one, so that it reads back from the
 * database what the import wrote, not what the import holds in memory.
 */
import type pg from 'pg'
import { PgApiTokenStore } from '../apiTokens/PgApiTokenStore'
import { DocumentRows } from '../cluster/DocumentRows'
import { PgCommentStore } from '../comments/PgCommentStore'
import { PgSnapshotStore } from '../history/PgSnapshotStore'
import { PgMetaStore } from '../meta/PgMetaStore'
import { openPostgres } from '../postgres/openPostgres'
import { PgVersionStore } from '../versions/PgVersionStore'

export interface PostgresSide {
  pool: pg.Pool
  meta: PgMetaStore
  rows: DocumentRows
  comments: PgCommentStore
  snapshots: PgSnapshotStore
  versions: PgVersionStore
  apiTokens: PgApiTokenStore
  close(): Promise<void>
}

export async function openPostgresSide(url: string): Promise<PostgresSide> {
  const pool = await openPostgres(url, { max: 4 })
  let meta: PgMetaStore
  try {
    meta = await PgMetaStore.open(pool, url)
  } catch (err) {
    await pool.end()
    throw err
  }
  const versions = new PgVersionStore(pool, {
    recordedDigest: (id, label) => {
      const digests = meta.report(id)?.versionDigests
      return digests && Object.hasOwn(digests, label) ? digests[label] : undefined
    },
  })
  return {
    pool,
    meta,
    rows: new DocumentRows(pool),
    comments: new PgCommentStore(pool),
    // No pruning happens on import (importSnapshot); `keep` only matters for write().
    snapshots: new PgSnapshotStore(pool, { keep: Number.MAX_SAFE_INTEGER }),
    versions,
    apiTokens: new PgApiTokenStore(pool),
    async close() {
      await versions.close()
      await meta.close()
      await pool.end()
    },
  }
}

/** Records removed in PostgreSQL since an earlier import (PgMetaStore's tombstones), as `kind key`: never brought back. */
export async function tombstonesOf(pool: pg.Pool): Promise<Set<string>> {
  const { rows } = await pool.query<{ kind: string; key: string }>('SELECT kind, key FROM meta_tombstones')
  return new Set(rows.map((r) => `${r.kind} ${r.key}`))
}
