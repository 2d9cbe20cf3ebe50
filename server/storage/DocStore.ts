/**
 * Where the Yjs data of reports lives. The embedded default is
 * FileDocStore (append-only update log + snapshots per report); a
 * database-backed implementation (see README "Scale-out") implements the
 * same interface. lowdb never holds Yjs updates.
 */
export interface DocStore {
  /** Stores the initial state of a new report durably. Fails if it exists. */
  create(reportId: string, initialState: Uint8Array): Promise<void>
  /**
   * Loads a report's stored updates and opens it for appending. Throws
   * StorageLoadError when the data cannot be read; nothing is written then.
   */
  open(reportId: string): Promise<DocHandle>
}

export interface DocHandle {
  /** The stored document: snapshot and log merged into one Yjs update. */
  readonly state: Uint8Array
  /** Bytes in the current update log (compaction trigger). */
  readonly logBytes: number
  /**
   * Appends one update. Appends made in the same tick are written together and
   * fsynced once (group commit); the promise resolves once the update is on disk.
   */
  append(update: Uint8Array): Promise<void>
  /**
   * Replaces log and snapshot by one snapshot of `state` (the full document):
   * written to a temp file, fsynced, renamed, folder fsynced, then a new log.
   * Also the way back after a failed append.
   */
  compact(state: Uint8Array): Promise<void>
  /** Resolves when everything appended so far is durable (or failed). */
  idle(): Promise<void>
  close(): Promise<void>
  /**
   * Shared stores only (cluster mode): what other processes write to the
   * report from now on. The embedded store has no other writer.
   */
  listen?(listener: RemoteListener): void
}

/** What a room learns from a shared store besides its own writes. */
export interface RemoteListener {
  /** An update another process appended. */
  update(update: Uint8Array): void
}

/** The store refused a write because the report is locked (published, or being published), as a shared store learns it. */
export class ReportLockedError extends Error {
  override name = 'ReportLockedError'
}

/** The stored data exists but cannot be read. Nothing has been changed. */
export class StorageLoadError extends Error {
  override name = 'StorageLoadError'
}
