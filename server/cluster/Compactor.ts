/**
 * Folds a report's stream into its PostgreSQL row, from any process, one at
 * a time per report: a lease in Redis (SET NX PX) picks the compactor; a
 * fencing number from PostgreSQL makes a compactor that was paused past its
 * lease harmless (its write is refused, DocumentRows.merge). After the
 * snapshot is committed the stream is trimmed up to the id it covers, but
 * never the entries of the last STREAM_TRIM_GRACE_MS (a process that read
 * the row just before may still read them).
 */
import { randomBytes } from 'node:crypto'
import * as Y from 'yjs'
import type { Redis } from 'ioredis'
import type { ClusterKeys } from './clusterKeys'
import type { ClusterScripts } from './redisScripts'
import { DocumentRows, SnapshotRefusedError } from './DocumentRows'
import { parseEntry } from './StreamReader'
import { compareStreamIds, formatStreamId, parseStreamId, type StreamId } from './streamId'

export interface CompactorOptions {
  leaseMs: number
  trimGraceMs: number
  /** TEST ONLY: wait this long between merging and writing (a compactor paused past its lease). */
  pauseBeforeWriteMs?: number
  now?: () => number
}

export type CompactionResult = 'done' | 'busy' | 'refused' | 'empty'

export class Compactor {
  /** Counters for tests and the health route. */
  readonly stats = { done: 0, busy: 0, refused: 0, trimmed: 0 }
  private readonly running = new Map<string, Promise<CompactionResult>>()

  constructor(
    private readonly redis: Redis,
    private readonly scripts: ClusterScripts,
    private readonly keys: ClusterKeys,
    private readonly rows: DocumentRows,
    private readonly options: CompactorOptions,
  ) {}

  /** Compacts unless this process is already compacting the report (then that run's result). */
  compact(reportId: string): Promise<CompactionResult> {
    let run = this.running.get(reportId)
    if (!run) {
      run = this.run(reportId).finally(() => this.running.delete(reportId))
      this.running.set(reportId, run)
    }
    return run
  }

  private async run(reportId: string): Promise<CompactionResult> {
    const lease = this.keys.compactLease(reportId)
    const token = randomBytes(9).toString('base64url')
    const taken = await this.redis.set(lease, token, 'PX', this.options.leaseMs, 'NX')
    if (taken !== 'OK') {
      this.stats.busy++
      return 'busy'
    }
    try {
      const fence = await this.rows.issueFence(reportId)
      const row = await this.rows.read(reportId)
      if (!row) return 'empty'
      const items = await this.redis.xrangeBuffer(this.keys.stream(reportId), `(${formatStreamId(row.covered)}`, '+')
      if (items.length === 0) {
        await this.trim(reportId, row.covered)
        return 'empty'
      }
      const doc = new Y.Doc({ gc: true })
      let covered: StreamId = row.covered
      try {
        Y.applyUpdate(doc, row.state)
        for (const [idBuf, raw] of items) {
          const entry = parseEntry(idBuf.toString(), raw)
          if (entry?.kind === 'update') Y.applyUpdate(doc, entry.update)
          covered = parseStreamId(idBuf.toString())
        }
        if (this.options.pauseBeforeWriteMs) await new Promise((r) => setTimeout(r, this.options.pauseBeforeWriteMs))
        await this.rows.merge(reportId, Y.encodeStateAsUpdate(doc), { fence, covered })
      } finally {
        doc.destroy()
      }
      this.stats.done++
      await this.trim(reportId, covered)
      return 'done'
    } catch (err) {
      if (err instanceof SnapshotRefusedError) {
        this.stats.refused++
        console.warn(`[cluster] ${err.message}: its snapshot was refused, nothing changed`)
        return 'refused'
      }
      throw err
    } finally {
      await this.scripts.release(lease, token).catch(() => undefined)
    }
  }

  /** Removes entries the snapshot covers, keeping the grace period's. */
  private async trim(reportId: string, covered: StreamId): Promise<void> {
    const now = this.options.now?.() ?? Date.now()
    const graceStart = now - this.options.trimGraceMs
    // MINID keeps ids >= the bound: everything covered and older than the grace period goes.
    const bound = covered.ms < graceStart ? { ms: covered.ms, seq: covered.seq + 1 } : { ms: graceStart, seq: 0 }
    const oldest = await this.redis.xrange(this.keys.stream(reportId), '-', '+', 'COUNT', 1)
    if (oldest.length === 0 || compareStreamIds(parseStreamId(oldest[0]![0]), bound) >= 0) return // nothing to trim
    // A mark first, newer than everything trimmed: a process that had not read up to the bound (it was
    // paused past the grace period) sees it and reloads the report instead of silently missing entries.
    await this.redis.xadd(this.keys.stream(reportId), '*', 'k', 't', 'b', formatStreamId(bound))
    const removed = await this.redis.xtrim(this.keys.stream(reportId), 'MINID', formatStreamId(bound))
    this.stats.trimmed += removed
  }
}
