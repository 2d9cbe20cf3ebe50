/**
 * What cluster mode stored, read behind the servers' backs: a report's
 * compacted document in PostgreSQL (`report_documents`: state, the stream id
 * it covers as stream_ms / stream_seq, the fence of the last compaction that
 * won and the last fence handed out) and its Redis stream (`<prefix>rep:{<id>}:s`), so the
 * crash and compaction tests can tell what PostgreSQL alone holds.
 */
import pg from 'pg'
import type { Redis } from 'ioredis'
import * as Y from 'yjs'
import { pmJsonOf, pmText } from './doc'

export interface StoredDocument {
  state: Uint8Array
  /** The stream id the state covers, `<ms>-<seq>`. */
  streamId: string
  /** Fence of the last compaction whose snapshot was taken. */
  fence: number
  /** Last fence handed out to a compactor (>= fence). */
  fenceIssued: number
}

/** The report's row in report_documents, or null (none yet). */
export async function readReportDocument(databaseUrl: string, reportId: string): Promise<StoredDocument | null> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    const { rows } = await client.query<{ state: Buffer; stream_ms: string; stream_seq: string; fence: string; fence_issued: string }>(
      'SELECT state, stream_ms, stream_seq, fence, fence_issued FROM report_documents WHERE report_id = $1',
      [reportId],
    )
    const row = rows[0]
    if (!row) return null
    return { state: new Uint8Array(row.state), streamId: `${row.stream_ms}-${row.stream_seq}`, fence: Number(row.fence), fenceIssued: Number(row.fence_issued) }
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
