/**
 * Published versions, frozen: the store every backend implements, and the
 * rules they share. A version is written once and never rewritten; `read`
 * answers its stored bytes, so it is byte-identical every time it is
 * fetched, whatever happens to the draft afterwards. It is served only if
 * those bytes match the sha256 recorded when it was written (in the
 * metadata, `ReportRecord.versionDigests`, given as `recordedDigest`):
 * damaged bytes answer VersionDamagedError (500 storage_failed) and are left
 * untouched; every other version and report keeps working.
 *
 * `onPublished` tells listeners of every version written, so that what is
 * derived from versions (SeriesHistory) follows publishing in every process.
 * Two implementations: FileVersionStore (one JSON file per version, the
 * embedded default) and PgVersionStore (one row per version, cluster mode,
 * publishing seen across processes through LISTEN/NOTIFY);
 * versionStoreContract.ts is the behaviour both pass.
 */
import { createHash } from 'node:crypto'
import type { PublishedVersion, VersionSummary } from '@schema/versions/PublishedVersion'
import { VERSION_LABEL_PATTERN } from '@schema/api/ids'
import { StorageLoadError } from '../storage/DocStore'
import { canonicalJson, sha256Hex } from './canonicalJson'

export interface VersionStore {
  /** Writes a new version durably and answers the sha256 of its bytes. Refuses to overwrite an existing one. */
  write(version: PublishedVersion): Promise<string>
  /**
   * The stored bytes of one version, or undefined if there is none. Throws
   * VersionDamagedError if they do not match the recorded sha256.
   */
  read(reportId: string, label: string): Promise<Buffer | undefined>
  /**
   * For a stored version that has no recorded sha256: its sha256, if it is a
   * whole version of this report and label whose content still matches the
   * content sha256 inside it; undefined otherwise (it stays unserved). Runs
   * at boot (reconcilePublished).
   */
  adopt(reportId: string, label: string): Promise<string | undefined>
  /** The labels of the report's stored versions, oldest first (damaged ones too). */
  labels(reportId: string): Promise<string[]>
  /**
   * One version, read by today's code: its content migrated from the schema
   * version it was published with (`read` stays as published; `sha256` is
   * the published content's). SchemaVersionError for a version from a newer
   * server.
   */
  get(reportId: string, label: string): Promise<PublishedVersion | undefined>
  /** The report's versions, oldest first; a damaged one is left out (and logged). */
  list(reportId: string): Promise<VersionSummary[]>
  latest(reportId: string): Promise<PublishedVersion | undefined>
  /**
   * Calls `listener` with every version published from now on: written
   * through this store, or (a store several processes share) through
   * another process. Answers a function that stops the calls.
   */
  onPublished(listener: PublishedListener): () => void
}

export type PublishedListener = (version: PublishedVersion) => void

export interface VersionStoreOptions {
  /** The sha256 of a version's bytes recorded in the metadata when it was published, if any. */
  recordedDigest?(reportId: string, label: string): string | undefined
}

/** Stored bytes that do not match their recorded sha256 (truncated, altered), or that have none. */
export class VersionDamagedError extends StorageLoadError {
  override name = 'VersionDamagedError'
}

export const isVersionLabel = (label: string): boolean => VERSION_LABEL_PATTERN.test(label)

/** Version labels in publishing order: 1, 1.1, 1.2, … 1.10. */
export const byRevision = (a: string, b: string): number => revisionOf(a) - revisionOf(b)
const revisionOf = (label: string) => (label === '1' ? 0 : Number(label.slice(2)))

/** sha256 (hex) of a version's stored bytes, as recorded at publish time. */
export const fileDigest = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex')

/** The bytes a version is stored as. */
export const versionBytes = (version: PublishedVersion): Buffer => Buffer.from(JSON.stringify(version), 'utf8')

/** A version's entry in the listing. */
export const summaryOfVersion = (v: PublishedVersion): VersionSummary => ({
  version: v.version,
  revision: v.revision,
  publishedAt: v.publishedAt,
  publishedBy: v.publishedBy.displayName,
  sha256: v.sha256,
  note: v.note,
})

/** Throws VersionDamagedError unless `bytes` match `expected`. */
export function verifyVersionBytes(reportId: string, label: string, bytes: Buffer, expected: string | undefined): void {
  if (expected === undefined || fileDigest(bytes) !== expected) {
    throw new VersionDamagedError(
      `version ${label} of report ${reportId} is damaged: ${expected === undefined ? 'no sha256 was recorded for it' : 'its bytes do not match the sha256 recorded at publish'}`,
    )
  }
}

/** adopt()'s judgement of unverified stored bytes: their sha256 if they are a whole version of this report and label. */
export function adoptedDigest(reportId: string, label: string, bytes: Buffer): string | undefined {
  try {
    const v = JSON.parse(bytes.toString('utf8')) as PublishedVersion
    const whole = v.reportId === reportId && v.version === label && typeof v.sha256 === 'string'
    return whole && sha256Hex(canonicalJson(v.content)) === v.sha256 ? fileDigest(bytes) : undefined
  } catch {
    return undefined
  }
}

/** The listeners of one store's onPublished; one that throws is logged and does not stop the others. */
export class PublishedListeners {
  private readonly listeners = new Set<PublishedListener>()

  add(listener: PublishedListener): () => void {
    const entry: PublishedListener = (v) => listener(v) // its own identity: the same function added twice is called twice
    this.listeners.add(entry)
    return () => void this.listeners.delete(entry)
  }

  get size(): number {
    return this.listeners.size
  }

  emit(version: PublishedVersion): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(version)
      } catch (err) {
        console.error(`[versions] a listener of version ${version.version} of ${version.reportId} failed:`, err)
      }
    }
  }
}
