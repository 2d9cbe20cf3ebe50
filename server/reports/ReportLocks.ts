import type { MetaStore } from '../meta/MetaStore'

/**
 * Whether a report's body is locked: published (from the metadata, read
 * live), or being published right now. The in-memory hold covers the time
 * between the check and the metadata write, so nothing can slip into the
 * draft after the version's content was taken.
 */
export class ReportLocks {
  private readonly publishing = new Set<string>()
  /** Written as published but not yet recorded in the metadata (see publishReport). */
  private readonly pinned = new Set<string>()

  constructor(private readonly meta: MetaStore) {}

  isLocked(reportId: string): boolean {
    return this.publishing.has(reportId) || this.pinned.has(reportId) || this.meta.report(reportId)?.status === 'published'
  }

  /**
   * Whether the body may not change at all, not even by the server: a
   * version of the current revision exists (published, or written and
   * waiting to be recorded). Unlike isLocked, not while a publish is still
   * running: the publish itself computes the KPI values it freezes.
   */
  isFrozen(reportId: string): boolean {
    return this.pinned.has(reportId) || this.meta.report(reportId)?.status === 'published'
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
      return await fn()
    } finally {
      this.publishing.delete(reportId)
    }
  }

  /** A publish is running, or its version is written and waits to be recorded. */
  isPublishing(reportId: string): boolean {
    return this.publishing.has(reportId) || this.pinned.has(reportId)
  }
}
