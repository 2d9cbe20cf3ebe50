/**
 * A report's lock state in cluster mode. PostgreSQL holds the truth
 * (report_documents.status, ver = ver + 1 on every change); Redis holds a
 * copy the append script reads, set by a script that takes only a newer ver
 * and appends a control entry, so every process sees the change in order
 * with the updates. This process's view (`status()`) follows the control
 * entries of the reports it has open and the states it set or loaded.
 */
import type { ClusterKeys } from './clusterKeys'
import type { DocumentRows, LockStatus } from './DocumentRows'
import type { ClusterScripts } from './redisScripts'

export class LockMirror {
  private readonly known = new Map<string, { status: LockStatus; ver: number }>()

  constructor(
    private readonly rows: DocumentRows,
    private readonly scripts: ClusterScripts,
    private readonly keys: ClusterKeys,
    private readonly processId: string,
  ) {}

  /** This process's latest view of the report's lock state (undefined: not seen yet). */
  status(reportId: string): LockStatus | undefined {
    return this.known.get(reportId)?.status
  }

  /** Takes a state seen in a control entry or read from PostgreSQL, if it is newer than the one held. */
  observe(reportId: string, status: string, ver: number): void {
    if (status !== 'draft' && status !== 'publishing' && status !== 'published') return
    const held = this.known.get(reportId)
    if (!held || ver > held.ver) this.known.set(reportId, { status, ver })
  }

  /** Forgets a report this process no longer has open. */
  forget(reportId: string): void {
    this.known.delete(reportId)
  }

  /**
   * Changes the lock state: PostgreSQL first, then Redis with a control entry.
   * Returns the control entry's id ('' if Redis already had a newer state).
   */
  async set(reportId: string, status: LockStatus): Promise<string> {
    const ver = await this.rows.setStatus(reportId, status)
    this.observe(reportId, status, ver)
    const holder = status === 'publishing' ? this.processId : ''
    const id = await this.scripts.setState(this.keys.meta(reportId), this.keys.stream(reportId), status, ver, this.processId, holder)
    return id === 'STALE' ? '' : id
  }

  /** Puts PostgreSQL's state into Redis when Redis has none (NOMETA, or Redis was emptied). */
  async load(reportId: string): Promise<void> {
    const row = await this.rows.read(reportId)
    if (!row) throw new Error(`report ${reportId} has no document row`)
    this.observe(reportId, row.status, row.ver)
    await this.scripts.loadState(this.keys.meta(reportId), row.status, row.ver)
  }
}
