/**
 * What cluster mode stored, read behind the servers' backs: a report's
 * compacted document in PostgreSQL (`report_documents(report_id, state,
 * stream_id, fence)`) and its Redis stream (`<prefix>rep:{<id>}:s`), so the
 * crash and compaction tests can tell what PostgreSQL alone holds.
 */
import pg from 'pg'
import type { Redis } from 'ioredis'
import * as Y from 'yjs'
import { pmJsonOf, pmText } from './doc'

export interface StoredDocument {
  state: Uint8Array
  streamId: string
  fence: number
}

/** The report's row in report_documents, or null (none yet). */
export async function readReportDocument(databaseUrl: string, reportId: string): Promise<StoredDocument | null> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    const { rows } = await client.query<{ state: Buffer; stream_id: string; fence: string | number }>(
      'SELECT state, stream_id, fence FROM report_documents WHERE report_id = $1',
      [reportId],
    )
    const row = rows[0]
    return row ? { state: new Uint8Array(row.state), streamId: String(row.stream_id), fence: Number(row.fence) } : null
  } finally {
    await client.end()
  }
}

/** Plain text of a stored state (a Yjs update, v1 or v2). */
export function textOfState(state: Uint8Array): string {
  const doc = new Y.Doc()
  try {
    try {
      Y.applyUpdate(doc, state)
    } catch {
      Y.applyUpdateV2(doc, state)
    }
    return pmText(pmJsonOf(doc))
  } finally {
    doc.destroy()
  }
}

export const streamKey = (prefix: string, reportId: string) => `${prefix}rep:{${reportId}}:s`
export const compactLeaseKey = (prefix: string, reportId: string) => `${prefix}rep:{${reportId}}:lease`

/** Entries in the report's stream. */
export function streamLength(redis: Redis, prefix: string, reportId: string): Promise<number> {
  return redis.xlen(streamKey(prefix, reportId))
}
