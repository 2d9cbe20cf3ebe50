/**
 * The PostgreSQL VersionStore (cluster mode): one row per published version
 * in `report_versions` (report_id, label, revision, bytes, sha256, summary).
 * Rows are inserted, never updated: the primary key refuses a second
 * version with an existing label, so a version is never overwritten.
 *
 * `read` checks the sha256 of the stored bytes like FileVersionStore: against
 * the digest this store wrote, else the one recorded in the metadata
 * (`recordedDigest`), and only when the metadata has none yet (a version
 * published through another process a moment ago) against the `sha256`
 * written beside the bytes in the same transaction. Bytes altered after the
 * fact are refused with VersionDamagedError and left as they are. `list`
 * checks every row in SQL (sha256(bytes)) without fetching the bytes.
 *
 * Publishing is seen across processes: each insert sends a NOTIFY on
 * `report_versions` in its transaction; the first onPublished() opens a
 * dedicated pg.Client that LISTENs, reads each version another process
 * published and calls the listeners. If that connection drops it reconnects
 * with a growing delay and catches up on the versions published meanwhile.
 * close() ends it.
 */
import pg from 'pg'
import { isReportId } from '@schema/reportId'
import type { PublishedVersion, VersionSummary } from '@schema/versions/PublishedVersion'
import { migratePublishedVersion } from '@schema/versions/migratePublishedVersion'
import { inTransaction } from '../postgres/inTransaction'
import { pgReadError, pgWriteError } from '../postgres/pgStorageError'
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

/** The NOTIFY channel of published versions; the payload is `{"reportId","label"}`. */
export const VERSIONS_CHANNEL = 'report_versions'
const UNIQUE_VIOLATION = '23505'
/** How far back a reconnected listener looks for versions it may have missed (clock differences included). */
const CATCH_UP_MARGIN_MS = 60_000
const RECONNECT_MIN_MS = 100
const RECONNECT_MAX_MS = 5_000

export interface PgVersionStoreOptions extends VersionStoreOptions {
  /** Connection of the LISTEN client (default: the pool's own settings). */
  listenConnection?: pg.ClientConfig
}

const key = (reportId: string, label: string) => `${reportId}/${label}`

export class PgVersionStore implements VersionStore {
  /** Digests of the versions this store wrote, until the metadata records them. */
  private readonly written = new Map<string, string>()
  private readonly listeners = new PublishedListeners()
  /** Versions already told to the listeners, or being written here (their NOTIFY is this store's own). */
  private readonly seen = new Set<string>()
  private listenClient: pg.Client | null = null
  private listening = false
  private closed = false
  private reconnectTimer: NodeJS.Timeout | null = null
  private reconnectDelay = RECONNECT_MIN_MS
  /** When versions may have started to go unnoticed (subscribed, or the LISTEN connection lost). */
  private unheardSince: number | null = null

  constructor(
    private readonly pool: pg.Pool,
    private readonly options: PgVersionStoreOptions = {},
  ) {}

  async write(version: PublishedVersion): Promise<string> {
    if (!isReportId(version.reportId)) throw new Error(`invalid report id ${JSON.stringify(version.reportId)}`)
    if (!isVersionLabel(version.version)) throw new Error(`invalid version label ${version.version}`)
    const k = key(version.reportId, version.version)
    const bytes = versionBytes(version)
    const digest = fileDigest(bytes)
    const alreadySeen = this.seen.has(k)
    this.seen.add(k)
    try {
      await inTransaction(this.pool, async (client) => {
        await client.query(
          'INSERT INTO report_versions (report_id, label, revision, bytes, sha256, summary) VALUES ($1, $2, $3, $4, $5, $6)',
          [version.reportId, version.version, version.revision, bytes, digest, JSON.stringify(summaryOfVersion(version))],
        )
        await client.query('SELECT pg_notify($1, $2)', [VERSIONS_CHANNEL, JSON.stringify({ reportId: version.reportId, label: version.version })])
      })
    } catch (err) {
      if (!alreadySeen) this.seen.delete(k)
      if ((err as { code?: unknown }).code === UNIQUE_VIOLATION) {
        // Another process's version of that label is the one kept; make sure the listeners hear of it.
        this.heardOf(version.reportId, version.version)
        throw new Error(`version ${version.version} of ${version.reportId} exists; versions are never rewritten`, { cause: err })
      }
      throw pgWriteError(err, 'The report was not published.')
    }
    this.written.set(k, digest)
    this.listeners.emit(version)
    return digest
  }

  /**
   * For the one-time import from an embedded data folder: stores a version
   * file's bytes exactly as they are (so the sha256 recorded in the
   * metadata still matches) unless the report has that label already;
   * answers their sha256. Idempotent: a second run with the same bytes
   * changes nothing, different bytes for an existing label are refused.
   * The bytes must parse as a version of this report and label; whether
   * they are intact is for the caller to compare with the metadata.
   */
  async importBytes(reportId: string, label: string, bytes: Buffer): Promise<string> {
    if (!isReportId(reportId) || !isVersionLabel(label)) throw new Error(`invalid version ${reportId}/${label}`)
    const v = JSON.parse(bytes.toString('utf8')) as PublishedVersion
    if (v.reportId !== reportId || v.version !== label) throw new Error(`the file of version ${label} of ${reportId} holds ${v.reportId}/${v.version}`)
    const digest = fileDigest(bytes)
    let stored: string
    try {
      await this.pool.query(
        'INSERT INTO report_versions (report_id, label, revision, bytes, sha256, summary) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (report_id, label) DO NOTHING',
        [reportId, label, v.revision, bytes, digest, JSON.stringify(summaryOfVersion(v))],
      )
      stored = (await this.pool.query<{ actual: string }>(`SELECT encode(sha256(bytes), 'hex') AS actual FROM report_versions WHERE report_id = $1 AND label = $2`, [reportId, label])).rows[0]!.actual
    } catch (err) {
      throw pgWriteError(err, 'The version was not imported.')
    }
    if (stored !== digest) throw new Error(`version ${label} of ${reportId} is stored with other bytes; versions are never rewritten`)
    return digest
  }

  async read(reportId: string, label: string): Promise<Buffer | undefined> {
    const row = await this.row(reportId, label)
    if (!row) return undefined
    verifyVersionBytes(reportId, label, row.bytes, this.expectedDigest(reportId, label, row.sha256))
    return row.bytes
  }

  async adopt(reportId: string, label: string): Promise<string | undefined> {
    const row = await this.row(reportId, label)
    return row && adoptedDigest(reportId, label, row.bytes)
  }

  async labels(reportId: string): Promise<string[]> {
    if (!isReportId(reportId)) return []
    try {
      const { rows } = await this.pool.query<{ label: string }>('SELECT label FROM report_versions WHERE report_id = $1', [reportId])
      return rows.map((r) => r.label).sort(byRevision)
    } catch (err) {
      throw pgReadError(err, 'The versions of this report')
    }
  }

  async get(reportId: string, label: string): Promise<PublishedVersion | undefined> {
    const bytes = await this.read(reportId, label)
    return bytes && migratePublishedVersion(JSON.parse(bytes.toString('utf8')) as PublishedVersion)
  }

  async list(reportId: string): Promise<VersionSummary[]> {
    if (!isReportId(reportId)) return []
    let rows: { label: string; sha256: string; actual: string; summary: VersionSummary }[]
    try {
      rows = (
        await this.pool.query<{ label: string; sha256: string; actual: string; summary: VersionSummary }>(
          `SELECT label, sha256, encode(sha256(bytes), 'hex') AS actual, summary FROM report_versions WHERE report_id = $1`,
          [reportId],
        )
      ).rows
    } catch (err) {
      throw pgReadError(err, 'The versions of this report')
    }
    const out: VersionSummary[] = []
    for (const row of rows.sort((a, b) => byRevision(a.label, b.label))) {
      const expected = this.expectedDigest(reportId, row.label, row.sha256)
      if (row.actual !== expected) {
        console.error(`[versions] version ${row.label} of report ${reportId} is damaged: its bytes do not match the sha256 recorded at publish; it is not served`)
        continue
      }
      out.push(row.summary)
    }
    return out
  }

  async latest(reportId: string): Promise<PublishedVersion | undefined> {
    const last = (await this.list(reportId)).at(-1)
    return last && this.get(reportId, last.version)
  }

  onPublished(listener: PublishedListener): () => void {
    const stop = this.listeners.add(listener)
    if (!this.listenClient && !this.reconnectTimer && !this.closed) {
      this.unheardSince ??= Date.now()
      void this.listen()
    }
    return stop
  }

  /** Whether the LISTEN connection is up (tests, health). */
  get isListening(): boolean {
    return this.listening
  }

  /** Ends the LISTEN connection; the pool is the caller's. */
  async close(): Promise<void> {
    this.closed = true
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer)
    this.reconnectTimer = null
    const client = this.listenClient
    this.listenClient = null
    this.listening = false
    await client?.end().catch(() => undefined)
  }

  /** Written here, else recorded in the metadata, else written beside the bytes (not yet in this process's metadata). */
  private expectedDigest(reportId: string, label: string, stored: string): string {
    return this.written.get(key(reportId, label)) ?? this.options.recordedDigest?.(reportId, label) ?? stored
  }

  private async row(reportId: string, label: string): Promise<{ bytes: Buffer; sha256: string } | undefined> {
    if (!isReportId(reportId) || !isVersionLabel(label)) return undefined
    try {
      const { rows } = await this.pool.query<{ bytes: Buffer; sha256: string }>('SELECT bytes, sha256 FROM report_versions WHERE report_id = $1 AND label = $2', [
        reportId,
        label,
      ])
      return rows[0]
    } catch (err) {
      throw pgReadError(err, `Version ${label} of this report`)
    }
  }

  private async listen(): Promise<void> {
    const config = this.options.listenConnection ?? (this.pool.options as pg.ClientConfig)
    const client = new pg.Client({ ...config, application_name: 'ops-report versions listener' })
    this.listenClient = client
    const lost = (err?: Error) => {
      if (this.listenClient !== client) return
      if (err) console.error(`[versions] publish listener connection lost: ${err.message}`)
      this.listenClient = null
      this.listening = false
      this.unheardSince ??= Date.now()
      void client.end().catch(() => undefined)
      this.scheduleReconnect()
    }
    client.on('error', lost)
    client.on('end', () => lost())
    client.on('notification', (msg) => {
      if (msg.channel !== VERSIONS_CHANNEL || !msg.payload) return
      try {
        const { reportId, label } = JSON.parse(msg.payload) as { reportId: string; label: string }
        this.heardOf(reportId, label)
      } catch {
        console.error(`[versions] unreadable notification: ${msg.payload.slice(0, 200)}`)
      }
    })
    try {
      await client.connect()
      await client.query(`LISTEN ${VERSIONS_CHANNEL}`)
    } catch (err) {
      lost(err as Error)
      return
    }
    if (this.listenClient !== client) return // closed meanwhile
    this.listening = true
    this.reconnectDelay = RECONNECT_MIN_MS
    const since = this.unheardSince
    this.unheardSince = null
    if (since !== null) await this.catchUp(since)
  }

  private scheduleReconnect(): void {
    if (this.closed || this.reconnectTimer) return
    const delay = this.reconnectDelay
    this.reconnectDelay = Math.min(delay * 2, RECONNECT_MAX_MS)
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null
      if (!this.closed && !this.listenClient) void this.listen()
    }, delay)
    this.reconnectTimer.unref()
  }

  /** The versions published while nobody here was listening (NOTIFY is not queued for a closed connection). */
  private async catchUp(since: number): Promise<void> {
    try {
      const { rows } = await this.pool.query<{ report_id: string; label: string }>(
        'SELECT report_id, label FROM report_versions WHERE created_at >= $1 ORDER BY seq',
        [new Date(since - CATCH_UP_MARGIN_MS)],
      )
      for (const r of rows) this.heardOf(r.report_id, r.label)
    } catch (err) {
      console.error(`[versions] could not catch up on versions published meanwhile: ${(err as Error).message}`)
    }
  }

  /** A version published somewhere: read it and tell the listeners, once. */
  private heardOf(reportId: string, label: string): void {
    const k = key(reportId, label)
    if (this.seen.has(k)) return
    this.seen.add(k)
    this.get(reportId, label).then(
      (v) => {
        if (v) this.listeners.emit(v)
        else this.seen.delete(k)
      },
      (err: unknown) => {
        if (!(err instanceof VersionDamagedError)) this.seen.delete(k) // a later catch-up may read it
        console.error(`[versions] version ${label} of report ${reportId}, published by another process, is not read:`, err instanceof VersionDamagedError ? err.message : err)
      },
    )
  }
}
