/**
 * Published versions, frozen: one JSON file per version under
 * `<dataDir>/versions/<reportId>/v<label>.json`, written once (atomically,
 * fsynced) and never rewritten. `read` answers the stored bytes, so a
 * version is byte-identical every time it is fetched, whatever happens to
 * the draft afterwards.
 */
import { promises as fsp } from 'node:fs'
import path from 'node:path'
import type { PublishedVersion, VersionSummary } from '@schema/versions/PublishedVersion'
import { isReportId } from '@schema/reportId'
import { SerialQueue } from '../storage/SerialQueue'
import { storageWriteError } from '../storage/storageErrors'
import { fsyncDir, writeFileAtomic } from '../storage/writeFileAtomic'

const LABEL = /^1(\.[1-9]\d{0,5})?$/
const FILE = /^v(1(?:\.[1-9]\d{0,5})?)\.json$/

/** Version labels in publishing order: 1, 1.1, 1.2, … 1.10. */
const byRevision = (a: string, b: string) => revisionOf(a) - revisionOf(b)
const revisionOf = (label: string) => (label === '1' ? 0 : Number(label.slice(2)))

export const isVersionLabel = (label: string): boolean => LABEL.test(label)

export class VersionStore {
  private readonly root: string
  /** Versions never change, so what was read once is kept (summaries only; bodies are read on demand). */
  private readonly summaries = new Map<string, VersionSummary[]>()
  private readonly queue = new SerialQueue()

  constructor(dataDir: string) {
    this.root = path.join(dataDir, 'versions')
  }

  private dir(reportId: string): string {
    if (!isReportId(reportId)) throw new Error(`invalid report id ${JSON.stringify(reportId)}`)
    return path.join(this.root, reportId)
  }

  /** Writes a new version durably. Refuses to overwrite an existing one. */
  write(version: PublishedVersion): Promise<Buffer> {
    return this.queue.run(() => this.writeNew(version)).catch((err: unknown) => {
      throw storageWriteError(err, 'The report was not published.')
    })
  }

  private async writeNew(version: PublishedVersion): Promise<Buffer> {
    if (!isVersionLabel(version.version)) throw new Error(`invalid version label ${version.version}`)
    const dir = this.dir(version.reportId)
    const file = path.join(dir, `v${version.version}.json`)
    await fsp.mkdir(dir, { recursive: true })
    await fsyncDir(this.root)
    const exists = await fsp.stat(file).then(
      () => true,
      () => false,
    )
    if (exists) throw new Error(`version ${version.version} of ${version.reportId} exists; versions are never rewritten`)
    const bytes = Buffer.from(JSON.stringify(version), 'utf8')
    // Through writeFileAtomic, which also fails on an injected storage fault (storage/faultInjection.ts).
    await writeFileAtomic(file, bytes)
    this.summaries.delete(version.reportId)
    return bytes
  }

  /** The stored bytes of one version, or undefined. */
  async read(reportId: string, label: string): Promise<Buffer | undefined> {
    if (!isVersionLabel(label)) return undefined
    try {
      return await fsp.readFile(path.join(this.dir(reportId), `v${label}.json`))
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw err
    }
  }

  async get(reportId: string, label: string): Promise<PublishedVersion | undefined> {
    const bytes = await this.read(reportId, label)
    return bytes && (JSON.parse(bytes.toString('utf8')) as PublishedVersion)
  }

  /** The report's versions, oldest first. */
  async list(reportId: string): Promise<VersionSummary[]> {
    const cached = this.summaries.get(reportId)
    if (cached) return cached
    let names: string[]
    try {
      names = await fsp.readdir(this.dir(reportId))
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []
      throw err
    }
    const labels = names.flatMap((n) => FILE.exec(n)?.[1] ?? []).sort(byRevision)
    const out: VersionSummary[] = []
    for (const label of labels) {
      const v = await this.get(reportId, label)
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
    this.summaries.set(reportId, out)
    return out
  }

  async latest(reportId: string): Promise<PublishedVersion | undefined> {
    const list = await this.list(reportId)
    const last = list.at(-1)
    return last && this.get(reportId, last.version)
  }
}
