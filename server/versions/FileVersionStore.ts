/**
 * The embedded VersionStore: one JSON file per version under
 * `<dataDir>/versions/<reportId>/v<label>.json`, written once (atomically,
 * fsynced) and never rewritten. Served only if the file's bytes match the
 * sha256 recorded in the metadata (not in the file itself, so a truncated or
 * altered file cannot vouch for itself); see VersionStore.ts.
 */
import { promises as fsp } from 'node:fs'
import path from 'node:path'
import type { PublishedVersion, VersionSummary } from '@schema/versions/PublishedVersion'
import { ReportFiles } from '../storage/ReportFiles'
import { SerialQueue } from '../storage/SerialQueue'
import { storageWriteError } from '../storage/storageErrors'
import { writeFileAtomic } from '../storage/writeFileAtomic'
import { migratePublishedVersion } from '@schema/versions/migratePublishedVersion'
import {
  adoptedDigest,
  byRevision,
  fileDigest,
  isVersionLabel,
  PublishedListeners,
  summaryOfVersion,
  verifyVersionBytes,
  versionBytes,
  VersionDamagedError,
  type PublishedListener,
  type VersionStore,
  type VersionStoreOptions,
} from './VersionStore'

const FILE = /^v(1(?:\.[1-9]\d{0,5})?)\.json$/

export class FileVersionStore implements VersionStore {
  /** Versions never change, so what was read once is kept (summaries only; bodies are read on demand). */
  private readonly files: ReportFiles<VersionSummary[]>
  /** One queue for every report: versions are written one at a time. */
  private readonly queue = new SerialQueue()
  /** Digests of the files this process wrote, until the metadata records them (publishReport). */
  private readonly written = new Map<string, string>()
  private readonly listeners = new PublishedListeners()

  constructor(
    dataDir: string,
    private readonly options: VersionStoreOptions = {},
  ) {
    this.files = new ReportFiles(dataDir, 'versions')
  }

  /** Writes a new version durably and answers the sha256 of its bytes. Refuses to overwrite an existing one. */
  async write(version: PublishedVersion): Promise<string> {
    const digest = await this.queue.run(() => this.writeNew(version)).catch((err: unknown) => {
      throw storageWriteError(err, 'The report was not published.')
    })
    this.listeners.emit(version)
    return digest
  }

  onPublished(listener: PublishedListener): () => void {
    return this.listeners.add(listener)
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
    const bytes = versionBytes(version)
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
    verifyVersionBytes(reportId, label, bytes, this.written.get(`${reportId}/${label}`) ?? this.options.recordedDigest?.(reportId, label))
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
    return adoptedDigest(reportId, label, bytes)
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
      out.push(summaryOfVersion(v))
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
