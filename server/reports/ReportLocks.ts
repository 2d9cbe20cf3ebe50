import type { MetaStore } from '../meta/MetaStore'

/**
 * The lock state shared by every process (cluster mode: PostgreSQL, mirrored
 * into Redis, which refuses writes to a locked report for every process).
 */
export interface SharedLockState {
  /** This process's latest view; undefined when it has not seen the report. */
  status(reportId: string): 'draft' | 'publishing' | 'published' | undefined
  /** Sets the state everywhere; resolves to the id of the control entry that carries it ('' if none). */
  set(reportId: string, status: 'draft' | 'publishing' | 'published'): Promise<string>
  /** Resolves once this process's open room of the report has every update made before `controlId`. */
  caughtUp(reportId: string, controlId: string): Promise<void>
}

/**
 * Whether a report's body is locked: published (from the metadata, read
 * live), or being published right now. The in-memory hold covers the time
 * between the check and the metadata write, so nothing can slip into the
 * draft after the version's content was taken. In cluster mode the same
 * holds for every process: the state is shared (SharedLockState), and a
 * publish first locks the report everywhere, then waits until this
 * process's room has every update accepted before the lock.
 */
export class ReportLocks {
  private readonly publishing = new Set<string>()
  /** Written as published but not yet recorded in the metadata (see publishReport). */
  private readonly pinned = new Set<string>()

  constructor(
    private readonly meta: MetaStore,
    private readonly shared?: SharedLockState,
  ) {}

  isLocked(reportId: string): boolean {
    const elsewhere = this.shared?.status(reportId)
    return (
      this.publishing.has(reportId) ||
      this.pinned.has(reportId) ||
      this.meta.report(reportId)?.status === 'published' ||
      elsewhere === 'publishing' ||
      elsewhere === 'published'
    )
  }

  /**
   * Whether the body may not change at all, not even by the server: a
   * version of the current revision exists (published, or written and
   * waiting to be recorded). Unlike isLocked, not while a publish is still
   * running: the publish itself computes the KPI values it freezes.
   */
  isFrozen(reportId: string): boolean {
    return this.pinned.has(reportId) || this.meta.report(reportId)?.status === 'published' || this.shared?.status(reportId) === 'published'
  }

  pin(reportId: string): void {
    this.pinned.add(reportId)
  }

  unpin(reportId: string): void {
    this.pinned.delete(reportId)
  }

  /** Locks the report while `fn` runs (a publish); fails if a publish is already running. */
  async during<T>(reportId: string, fn: () => Promise<T>): Promise<T> {
    if (this.publishing.has(reportId)) throw new Error('a publish of this report is already running')
    this.publishing.add(reportId)
    try {
      if (this.shared) await this.shared.caughtUp(reportId, await this.shared.set(reportId, 'publishing'))
      return await fn()
    } finally {
      this.publishing.delete(reportId)
      if (this.shared) {
        const after = this.pinned.has(reportId) || this.meta.report(reportId)?.status === 'published' ? 'published' : 'draft'
        await this.shared.set(reportId, after).catch((err: unknown) => console.error(`[locks] report ${reportId}: the shared lock state could not be set to ${after}:`, err))
      }
    }
  }

  /** The report was unlocked (a draft again): every process accepts writes again. */
  async unlocked(reportId: string): Promise<void> {
    await this.shared?.set(reportId, 'draft')
  }

  /** A publish is running, or its version is written and waits to be recorded. */
  isPublishing(reportId: string): boolean {
    return this.publishing.has(reportId) || this.pinned.has(reportId)
  }
}
