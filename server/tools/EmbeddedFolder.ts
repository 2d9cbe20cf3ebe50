/**
 * An embedded data folder (DATA_DIR of the default mode) opened for the
 * one-time import into PostgreSQL (migrateToPostgres): the metadata, and per
 * report its document, comments, snapshots and published versions, read
 * through the embedded stores. Nothing is changed, except what opening the
 * stores always does (meta.json brought to today's shape, crash leftovers
 * set aside): the server of the folder must be stopped.
 *
 * Every version is read with its sha256 checked: against the digest
 * recorded in the metadata when it was published, or, for a file from
 * before digests were kept, the digest the server adopts at boot (a whole
 * version of this report and label whose content hash matches). A version
 * that passes neither is a problem of the folder, never imported.
 */
import { promises as fsp } from 'node:fs'
import path from 'node:path'
import type { ApiTokenRecord } from '../apiTokens/ApiTokenStore'
import { FileApiTokenStore } from '../apiTokens/FileApiTokenStore'
import type { CommentFile } from '../comments/CommentStore'
import { FileCommentStore } from '../comments/FileCommentStore'
import { FileSnapshotStore } from '../history/FileSnapshotStore'
import type { Snapshot } from '../history/Snapshot'
import { FileMetaStore } from '../meta/FileMetaStore'
import { FileDocStore } from '../storage/FileDocStore'
import { FileVersionStore } from '../versions/FileVersionStore'
import { fileDigest } from '../versions/VersionStore'

export interface FolderVersion {
  label: string
  bytes: Buffer
  /** sha256 (hex) of `bytes`, equal to the recorded (or adopted) digest. */
  digest: string
}

const exists = (file: string) => fsp.access(file).then(() => true, () => false)

export class EmbeddedFolder {
  private constructor(
    readonly dataDir: string,
    readonly meta: FileMetaStore,
    private readonly docs: FileDocStore,
    private readonly comments: FileCommentStore,
    private readonly snapshots: FileSnapshotStore,
    private readonly versions: FileVersionStore,
    /** Digests adopted for versions without a recorded one, by `reportId/label`. */
    private readonly adopted: Map<string, string>,
  ) {}

  /** Refuses a folder without meta.json (FileMetaStore would make a new, empty one). */
  static async open(dataDir: string): Promise<EmbeddedFolder> {
    const dir = path.resolve(dataDir)
    if (!(await exists(path.join(dir, 'meta.json')))) {
      throw new Error(`${dir} holds no meta.json: it is not the data folder (DATA_DIR) of a server`)
    }
    const meta = await FileMetaStore.open(dir)
    const adopted = new Map<string, string>()
    const versions = new FileVersionStore(dir, {
      recordedDigest: (id, label) => meta.report(id)?.versionDigests?.[label] ?? adopted.get(`${id}/${label}`),
    })
    return new EmbeddedFolder(
      dir,
      meta,
      new FileDocStore(dir, { commitWindowMs: 0 }),
      new FileCommentStore(dir),
      new FileSnapshotStore(dir, { keep: Number.MAX_SAFE_INTEGER }),
      versions,
      adopted,
    )
  }

  /** The report's stored Yjs state (snapshot and log merged). */
  async document(reportId: string): Promise<Uint8Array> {
    const handle = await this.docs.open(reportId)
    try {
      return handle.state
    } finally {
      await handle.close()
    }
  }

  /** The report's comment threads, or null when it has no comments file. */
  async commentFile(reportId: string): Promise<CommentFile | null> {
    if (!(await exists(path.join(this.dataDir, 'comments', `${reportId}.json`)))) return null
    return this.comments.read(reportId)
  }

  /** The report's snapshots as their files hold them (content not migrated), oldest first. */
  async snapshotsOf(reportId: string): Promise<Snapshot[]> {
    const out: Snapshot[] = []
    for (const { id } of (await this.snapshots.list(reportId)).reverse()) {
      const text = await fsp.readFile(path.join(this.dataDir, 'snapshots', reportId, `${id}.json`), 'utf8')
      const snapshot = JSON.parse(text) as Snapshot
      if (snapshot.id !== id || snapshot.reportId !== reportId) throw new Error(`snapshot file ${reportId}/${id}.json holds ${snapshot.reportId}/${snapshot.id}`)
      out.push(snapshot)
    }
    return out
  }

  /** The report's published versions with their checked sha256, oldest first; throws for one that fails its check. */
  async versionsOf(reportId: string): Promise<FolderVersion[]> {
    const out: FolderVersion[] = []
    for (const label of await this.versions.labels(reportId)) {
      if (this.meta.report(reportId)?.versionDigests?.[label] === undefined && !this.adopted.has(`${reportId}/${label}`)) {
        const digest = await this.versions.adopt(reportId, label)
        if (digest === undefined) throw new Error(`version ${label} of report ${reportId} has no recorded sha256 and is not a whole version: not imported`)
        this.adopted.set(`${reportId}/${label}`, digest)
      }
      const bytes = await this.versions.read(reportId, label) // VersionDamagedError unless the bytes match
      if (!bytes) throw new Error(`version ${label} of report ${reportId} disappeared while it was read`)
      out.push({ label, bytes, digest: fileDigest(bytes) })
    }
    return out
  }

  /** The API tokens of the folder's users (api-tokens.json, read through FileApiTokenStore), oldest first. */
  async apiTokens(): Promise<ApiTokenRecord[]> {
    const store = new FileApiTokenStore(this.dataDir)
    const all: ApiTokenRecord[] = []
    for (const u of this.meta.data.users) for (const t of await store.listFor(u.id)) all.push(t)
    return all.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
  }

  /** DATA_DIR/secret.key (trimmed, as TokenService reads it), or null when there is none. */
  async tokenSecret(): Promise<string | null> {
    try {
      return (await fsp.readFile(path.join(this.dataDir, 'secret.key'), 'utf8')).trim()
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw err
    }
  }

  async close(): Promise<void> {
    await this.comments.idle()
    await this.snapshots.idle()
    await this.meta.close()
  }
}
