/**
 * Published versions, frozen: one JSON file per version under
 * `<dataDir>/versions/<reportId>/v<label>.json`, written once (atomically,
 * fsynced) and never rewritten. `read` answers the stored bytes, so a
 * version is byte-identical every time it is fetched, whatever happens to
 * the draft afterwards.
 *
 * A version is served only if its bytes match the sha256 of the file
 * recorded when it was written (in the metadata, `ReportRecord.versionDigests`,
 * not in the file itself, so a truncated or altered file cannot vouch for
 * itself): a damaged file answers VersionDamagedError (500 storage_failed)
 * and is left untouched; every other version and report keeps working.
 */
import { createHash } from 'node:crypto'
import { promises as fsp } from 'node:fs'
import path from 'node:path'
import type { PublishedVersion, VersionSummary } from '@schema/versions/PublishedVersion'
import { StorageLoadError } from '../storage/DocStore'
import { ReportFiles } from '../storage/ReportFiles'
import { SerialQueue } from '../storage/SerialQueue'
import { storageWriteError } from '../storage/storageErrors'
import { writeFileAtomic } from '../storage/writeFileAtomic'
import { canonicalJson, sha256Hex } from './canonicalJson'
import { migratePublishedVersion } from '@schema/versions/migratePublishedVersion'
import { VERSION_LABEL_PATTERN } from '@schema/api/ids'

const LABEL = VERSION_LABEL_PATTERN
const FILE = /^v(1(?:\.[1-9]\d{0,5})?)\.json$/

/** Version labels in publishing order: 1, 1.1, 1.2, … 1.10. */
const byRevision = (a: string, b: string) => revisionOf(a) - revisionOf(b)
const revisionOf = (label: string) => (label === '1' ? 0 : Number(label.slice(2)))

export const isVersionLabel = (label: string): boolean => LABEL.test(label)

/** sha256 (hex) of a version file's bytes, as recorded at publish time. */
export const fileDigest = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex')

/** A version file whose bytes do not match its recorded sha256 (truncated, altered), or that has none. */
export class VersionDamagedError extends StorageLoadError {
  override name = 'VersionDamagedError'
}

export interface VersionStoreOptions {
  /** The sha256 of a version file recorded in the metadata when it was published, if any. */
  recordedDigest?(reportId: string, label: string): string | undefined
}

export class VersionStore {
  /** Versions never change, so what was read once is kept (summaries only; bodies are read on demand). */
  private readonly files: ReportFiles<VersionSummary[]>
  /** One queue for every report: versions are written one at a time. */
  private readonly queue = new SerialQueue()
  /** Digests of the files this process wrote, until the metadata records them (publishReport). */
  private readonly written = new Map<string, string>()

  constructor(
    dataDir: string,
    private readonly options: VersionStoreOptions = {},
  ) {
    this.files = new ReportFiles(dataDir, 'versions')
  }

  /** Writes a new version durably and answers the sha256 of its bytes. Refuses to overwrite an existing one. */
  write(version: PublishedVersion): Promise<string> {
    return this.queue.run(() => this.writeNew(version)).catch((err: unknown) => {
      throw storageWriteError(err, 'The report was not published.')
    })
  }

  private async writeNew(version: PublishedVersion): Promise<string> {
    if (!isVersionLabel(version.version)) throw new Error(`invalid version label ${version.version}`)
    const dir = await this.files.ensureDir(version.reportId)
    const file = path.join(dir, `v${version.version}.json`)
    const exists = await fsp.stat(file).then(
      () => true,
      () => false,
    )
    if (exists) throw new Error(`version ${version.version} of ${version.reportId} exists; versions are never rewritten`)
    const bytes = Buffer.from(JSON.stringify(version), 'utf8')
    // Through writeFileAtomic, which also fails on an injected storage fault (storage/faultInjection.ts).
    await writeFileAtomic(file, bytes)
    const digest = fileDigest(bytes)
    this.written.set(`${version.reportId}/${version.version}`, digest)
    this.files.forget(version.reportId)
    return digest
  }

  /**
   * The stored bytes of one version, or undefined if there is none. Throws
   * VersionDamagedError if they do not match the recorded sha256.
   */
  async read(reportId: string, label: string): Promise<Buffer | undefined> {
    const bytes = await this.readUnverified(reportId, label)
    if (!bytes) return undefined
    const expected = this.written.get(`${reportId}/${label}`) ?? this.options.recordedDigest?.(reportId, label)
    if (expected === undefined || fileDigest(bytes) !== expected) {
      throw new VersionDamagedError(
        `version ${label} of report ${reportId} is damaged: ${expected === undefined ? 'no sha256 was recorded for it' : 'its bytes do not match the sha256 recorded at publish'}`,
      )
    }
    return bytes
  }

  /** The bytes on disk, unchecked: only for adopt(). */
  private async readUnverified(reportId: string, label: string): Promise<Buffer | undefined> {
    if (!isVersionLabel(label)) return undefined
    try {
      return await fsp.readFile(path.join(this.files.dir(reportId), `v${label}.json`))
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw err
    }
  }

  /**
   * For a file that has no recorded sha256 (published before sha256s were
   * recorded, or written just before a crash kept the metadata from saying
   * so): its sha256, if it is a whole version of this report and label whose
   * content still matches the content sha256 inside it; undefined otherwise
   * (it stays unserved). Runs at boot (reconcilePublished).
   */
  async adopt(reportId: string, label: string): Promise<string | undefined> {
    const bytes = await this.readUnverified(reportId, label)
    if (!bytes) return undefined
    try {
      const v = JSON.parse(bytes.toString('utf8')) as PublishedVersion
      const whole = v.reportId === reportId && v.version === label && typeof v.sha256 === 'string'
      return whole && sha256Hex(canonicalJson(v.content)) === v.sha256 ? fileDigest(bytes) : undefined
    } catch {
      return undefined
    }
  }

  /** The labels of the report's version files, oldest first (damaged ones too). */
  async labels(reportId: string): Promise<string[]> {
    return (await this.files.names(reportId, FILE)).sort(byRevision)
  }

  /**
   * One version, read by today's code: its content migrated from the schema
   * version it was published with (the file and `read` stay as published;
   * `sha256` is the published content's). SchemaVersionError for a version
   * from a newer server.
   */
  async get(reportId: string, label: string): Promise<PublishedVersion | undefined> {
    const stored = await this.getStored(reportId, label)
    return stored && migratePublishedVersion(stored)
  }

  /** One version as its file holds it (the summaries need nothing migrated, and list a newer server's versions too). */
  private async getStored(reportId: string, label: string): Promise<PublishedVersion | undefined> {
    const bytes = await this.read(reportId, label)
    return bytes && (JSON.parse(bytes.toString('utf8')) as PublishedVersion)
  }

  /** The report's versions, oldest first; a damaged one is left out (and logged). */
  async list(reportId: string): Promise<VersionSummary[]> {
    const cached = this.files.cached(reportId)
    if (cached) return cached
    const out: VersionSummary[] = []
    let damaged = false
    for (const label of await this.labels(reportId)) {
      let v: PublishedVersion | undefined
      try {
        v = await this.getStored(reportId, label)
      } catch (err) {
        if (!(err instanceof VersionDamagedError)) throw err
        console.error(`[versions] ${err.message}; it is not served`)
        damaged = true
        continue
      }
      if (!v) continue
      out.push({
        version: v.version,
        revision: v.revision,
        publishedAt: v.publishedAt,
        publishedBy: v.publishedBy.displayName,
        sha256: v.sha256,
        note: v.note,
      })
    }
    if (!damaged) this.files.remember(reportId, out) // a file restored from a backup is listed again
    return out
  }

  async latest(reportId: string): Promise<PublishedVersion | undefined> {
    const list = await this.list(reportId)
    const last = list.at(-1)
    return last && this.get(reportId, last.version)
  }
}
