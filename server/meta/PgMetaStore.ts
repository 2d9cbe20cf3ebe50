/**
 * The cluster-mode MetaStore: users, reports, members and the audit log in
 * PostgreSQL tables (migration m002_meta), shared by every process.
 *
 * Reads stay synchronous: each process holds the whole metadata in memory,
 * loaded at open. `update(change)` applies the change in memory at once (as
 * FileMetaStore does), then — one write at a time per process — writes the
 * difference to the last committed state in ONE transaction: changed rows
 * upserted, removed rows deleted (with a tombstone), new audit entries
 * inserted, the change counter (`meta_counter`) bumped, and a NOTIFY sent.
 * A failed write is taken back in memory exactly as in FileMetaStore: the
 * changes waiting behind it are applied again to the committed state and
 * kept if they still apply, refused with the same error if not.
 *
 * Every other process LISTENs on a dedicated connection and reads what is
 * newer than the revision it has (rows whose meta_rev is greater, tombstones,
 * audit entries); if the connection drops it reconnects and reloads
 * everything. Reloads and writes of one process run one after another.
 *
 * Consistency this gives:
 * - a process sees its own changes at once and another process's change
 *   within a notify round trip (a few milliseconds; longer only while its
 *   listening connection is being re-established);
 * - writes of all processes are serialized by the counter row, so
 *   revisions commit in order and a reader never skips one;
 * - concurrent writers of the same row: the last write wins (a writer
 *   writes its whole row as it sees it; callers check-then-change in
 *   memory, so two processes may both pass a check, e.g. the last owner
 *   removed by two processes at once);
 * - the database enforces what it can: a username is unique across the
 *   cluster (a duplicate is refused with a StorageWriteError and taken back);
 * - a process's own change that waits for its write while another process's
 *   change arrives is applied again on top of it (refused if it no longer applies).
 * Audit entries are only appended (an edit of an existing entry is not written).
 */
import pg from 'pg'
import type { Role } from '@schema/roles'
import { inTransaction } from '../postgres/inTransaction'
import { SerialQueue } from '../storage/SerialQueue'
import { StorageWriteError } from '../storage/storageErrors'
import { MetaIndexes, memberKey } from './MetaIndexes'
import { emptyMeta, type AuditEntry, type MemberRecord, type MetaData, type MetaStore, type ReportRecord, type UserRecord } from './MetaStore'
import { PendingChanges, type PendingChange } from './PendingChanges'
import { auditFromRow, auditRow, auditSql, metaTables, type MetaTable } from './metaTables'
import { pgWriteError } from '../postgres/pgStorageError'

/** The NOTIFY channel; the payload is the revision just committed. */
export const META_CHANNEL = 'ops_report_meta'

type Kind = MetaTable<unknown>['kind']

/** What the database holds, as this process last knew it: each record's JSON by key, and the audit entries. */
interface Committed {
  rows: Record<Kind, Map<string, string>>
  /** Shared with the data in memory: audit entries are never edited. */
  audit: AuditEntry[]
}

interface TableDiff {
  kind: Kind
  upsert: { key: string; json: string; row: Record<string, unknown> }[]
  remove: string[]
}

interface Diff {
  tables: TableDiff[]
  audit: AuditEntry[]
}

export interface PgMetaStoreOptions {
  /** First wait before reconnecting the listening connection (doubles up to 5 s). */
  reconnectDelayMs?: number
}

const tables = metaTables as unknown as readonly MetaTable<unknown>[]

export class PgMetaStore implements MetaStore {
  private current: MetaData = emptyMeta()
  private committed: Committed = { rows: { user: new Map(), report: new Map(), member: new Map() }, audit: [] }
  /** Every write up to this revision is in `committed`. */
  private revision = 0
  /** Revisions this process wrote past `revision` (others' between were not read yet): their audit entries are already here. */
  private readonly ownRevisions = new Set<number>()
  private readonly queue = new SerialQueue()
  /** Changes applied in memory whose write has not succeeded yet, oldest first. */
  private readonly pending = new PendingChanges()
  private index: MetaIndexes | null = null
  private listener: pg.Client | null = null
  private readonly externalListeners = new Set<() => void>()
  private reloadQueued = false
  private fullReloadWanted = false
  private reconnectTimer: NodeJS.Timeout | null = null
  private retryTimer: NodeJS.Timeout | null = null
  private closed = false

  private constructor(
    private readonly pool: pg.Pool,
    private readonly databaseUrl: string,
    private readonly options: PgMetaStoreOptions,
  ) {}

  /** Loads everything from the database (schema already migrated: openPostgres) and starts listening for other processes' changes. */
  static async open(pool: pg.Pool, databaseUrl: string, options: PgMetaStoreOptions = {}): Promise<PgMetaStore> {
    const store = new PgMetaStore(pool, databaseUrl, options)
    // Listening first: a change committed while the load runs is announced after it.
    await store.listen()
    try {
      await store.queue.run(() => store.loadAll())
    } catch (err) {
      await store.close()
      throw err
    }
    return store
  }

  get data(): Readonly<MetaData> {
    return this.current
  }

  async update(change: (data: MetaData) => void): Promise<void> {
    try {
      change(this.current)
    } finally {
      this.index = null
    }
    const entry = this.pending.add(change)
    await this.queue.run(() =>
      this.pending.writeCarrying(entry, async () => {
        let diff: Diff
        let rev: number | null
        try {
          diff = this.diff()
          rev = await this.write(diff)
        } catch (err) {
          const answer = pgWriteError(err)
          this.replayPending(entry, answer)
          throw answer
        }
        if (rev !== null) this.commit(diff, rev)
      }),
    )
  }

  userById(id: string): UserRecord | undefined {
    return this.indexes().users.get(id)
  }

  userByName(username: string): UserRecord | undefined {
    return this.current.users.find((u) => u.username === username)
  }

  report(id: string): ReportRecord | undefined {
    return this.indexes().reports.get(id)
  }

  roleOf(reportId: string, userId: string): Role | undefined {
    return this.indexes().roles.get(memberKey(reportId, userId))
  }

  membersOf(reportId: string): MemberRecord[] {
    return this.current.members.filter((m) => m.reportId === reportId)
  }

  /**
   * Reads in what other processes committed before this call, if anything
   * (one query when nothing is new). Called at the start of every request:
   * a report created, or a member added, through another process a moment
   * ago is then known here (read-your-writes across processes), not only
   * once its notification arrives.
   */
  async catchUp(): Promise<void> {
    if (this.closed) return
    const { rows } = await this.pool.query<{ value: number }>('SELECT value FROM meta_counter')
    const counter = Number(rows[0]?.value ?? 0)
    if (counter <= this.revision) return
    await this.queue.run(async () => {
      if (counter <= this.revision) return
      await this.loadNewer()
      this.tellExternalListeners()
    })
  }

  private tellExternalListeners(): void {
    for (const listener of this.externalListeners) {
      try {
        listener()
      } catch (err) {
        console.error("[meta] a listener of other processes' changes failed:", err)
      }
    }
  }

  onExternalChange(listener: () => void): () => void {
    this.externalListeners.add(listener)
    return () => this.externalListeners.delete(listener)
  }

  async close(): Promise<void> {
    this.closed = true
    for (const timer of [this.reconnectTimer, this.retryTimer]) if (timer) clearTimeout(timer)
    this.reconnectTimer = this.retryTimer = null
    await this.queue.idle()
    const listener = this.listener
    this.listener = null
    await listener?.end().catch(() => undefined)
  }

  private indexes(): MetaIndexes {
    return (this.index ??= new MetaIndexes(this.current))
  }

  // --- writing

  /** What the data in memory holds that the database does not (as far as this process knows). */
  private diff(): Diff {
    const result: Diff = { tables: [], audit: [] }
    for (const table of tables) {
      const committed = this.committed.rows[table.kind]
      const now = new Map<string, unknown>()
      for (const record of table.records(this.current)) {
        const key = table.key(record)
        if (!now.has(key)) now.set(key, record) // the first record wins, as in the lookups
      }
      const d: TableDiff = { kind: table.kind, upsert: [], remove: [] }
      for (const [key, record] of now) {
        const json = JSON.stringify(record)
        if (committed.get(key) !== json) d.upsert.push({ key, json, row: table.toRow(record) })
      }
      for (const key of committed.keys()) if (!now.has(key)) d.remove.push(key)
      result.tables.push(d)
    }
    const known = this.committed.audit.length
    if (this.current.audit.length < known) throw new StorageWriteError('Audit entries cannot be removed. Nothing was changed.')
    result.audit = this.current.audit.slice(known)
    return result
  }

  /** Writes `diff` in one transaction; the revision it committed, or null when there was nothing to write. */
  private async write(diff: Diff): Promise<number | null> {
    if (diff.audit.length === 0 && diff.tables.every((t) => t.upsert.length === 0 && t.remove.length === 0)) return null
    return inTransaction(this.pool, async (client) => {
      // The counter row is locked until the commit: writers of all processes take their turn here.
      const { rows } = await client.query<{ value: number }>('UPDATE meta_counter SET value = value + 1 RETURNING value')
      const rev = rows[0]!.value
      // Removals first: a username freed by a removed user may be taken by a new one.
      for (const t of diff.tables) {
        if (t.remove.length === 0) continue
        await client.query(tables.find((x) => x.kind === t.kind)!.deleteSql, [t.remove])
        await client.query(
          `INSERT INTO meta_tombstones (kind, key, meta_rev) SELECT $1, k, $3 FROM unnest($2::text[]) AS k
           ON CONFLICT (kind, key) DO UPDATE SET meta_rev = EXCLUDED.meta_rev`,
          [t.kind, t.remove, rev],
        )
      }
      for (const t of diff.tables) {
        if (t.upsert.length === 0) continue
        await client.query(tables.find((x) => x.kind === t.kind)!.upsertSql, [JSON.stringify(t.upsert.map((u) => u.row)), rev])
        await client.query('DELETE FROM meta_tombstones WHERE kind = $1 AND key = ANY($2::text[])', [t.kind, t.upsert.map((u) => u.key)])
      }
      if (diff.audit.length > 0) await client.query(auditSql.insert, [JSON.stringify(diff.audit.map(auditRow)), rev])
      await client.query('SELECT pg_notify($1, $2)', [META_CHANNEL, String(rev)])
      return rev
    })
  }

  /** The write of `diff` at `rev` succeeded: the committed state follows. */
  private commit(diff: Diff, rev: number): void {
    for (const t of diff.tables) {
      const rows = this.committed.rows[t.kind]
      for (const key of t.remove) rows.delete(key)
      for (const u of t.upsert) rows.set(u.key, u.json)
    }
    appendAll(this.committed.audit, diff.audit)
    if (rev === this.revision + 1) this.revision = rev
    else this.ownRevisions.add(rev) // others wrote in between: their NOTIFY (or ours) brings them
  }

  /**
   * The data in memory becomes the committed state again, then the changes
   * still waiting for their write are applied to it, without `failed`; a change
   * that no longer applies is refused with `answer`.
   */
  private replayPending(failed: PendingChange | null, answer: unknown): void {
    const data = this.fromCommitted()
    this.pending.reapply(data, failed, answer)
    this.current = data
    this.index = null
  }

  private fromCommitted(): MetaData {
    const parse = <T>(rows: Map<string, string>) => [...rows.values()].map((json) => JSON.parse(json) as T)
    return {
      ...emptyMeta(),
      users: parse<UserRecord>(this.committed.rows.user),
      reports: parse<ReportRecord>(this.committed.rows.report),
      members: parse<MemberRecord>(this.committed.rows.member),
      audit: this.committed.audit.slice(),
    }
  }

  // --- reading other processes' changes

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.databaseUrl, application_name: 'ops-report-meta-listener' })
    client.on('notification', (msg) => {
      if (msg.channel !== META_CHANNEL) return
      const rev = Number(msg.payload)
      if (!(rev <= this.revision)) this.queueReload(false)
    })
    client.on('error', (err) => {
      console.error(`[meta] listening connection: ${err.message}`)
      this.lost(client)
    })
    client.on('end', () => this.lost(client))
    try {
      await client.connect()
      await client.query(`LISTEN ${META_CHANNEL}`)
    } catch (err) {
      await client.end().catch(() => undefined)
      throw err
    }
    if (this.closed) {
      await client.end().catch(() => undefined)
      return
    }
    this.listener = client
  }

  /** The listening connection dropped: changes may have been missed. Reconnect, then reload everything. */
  private lost(client: pg.Client): void {
    if (client !== this.listener) return
    this.listener = null
    void client.end().catch(() => undefined)
    if (!this.closed) this.reconnect(this.options.reconnectDelayMs ?? 100)
  }

  private reconnect(delayMs: number): void {
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null
      if (this.closed) return
      this.listen().then(
        () => this.queueReload(true),
        (err: Error) => {
          console.error(`[meta] cannot listen for other processes' changes (${err.message}); retrying`)
          if (!this.closed) this.reconnect(Math.min(delayMs * 2, 5000))
        },
      )
    }, delayMs)
  }

  /** Reads what other processes changed, after the writes already queued; requests made meanwhile share one read. */
  private queueReload(full: boolean): void {
    if (full) this.fullReloadWanted = true
    if (this.reloadQueued || this.closed) return
    this.reloadQueued = true
    void this.queue.run(async () => {
      this.reloadQueued = false
      const all = this.fullReloadWanted
      this.fullReloadWanted = false
      if (this.closed) return
      try {
        await (all ? this.loadAll() : this.loadNewer())
        this.tellExternalListeners()
      } catch (err) {
        console.error(`[meta] cannot read other processes' changes (${(err as Error).message}); retrying`)
        if (all) this.fullReloadWanted = true
        if (!this.closed && !this.retryTimer) {
          this.retryTimer = setTimeout(() => {
            this.retryTimer = null
            this.queueReload(this.fullReloadWanted)
          }, 1000)
        }
      }
    })
  }

  /** One consistent view of the database (repeatable read): the counter and the rows agree. */
  private snapshot<T>(read: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, read, { isolation: 'repeatable read', readOnly: true })
  }

  private async loadAll(): Promise<void> {
    const loaded = await this.snapshot(async (client) => {
      const counter = await counterOf(client)
      const rows = {} as Committed['rows']
      for (const table of tables) {
        const result = await client.query<Record<string, unknown>>(table.selectSql, [0])
        rows[table.kind] = new Map(result.rows.map((row) => {
          const record = table.fromRow(row)
          return [table.key(record), JSON.stringify(record)]
        }))
      }
      const audit = (await client.query<Record<string, unknown>>(auditSql.select, [0])).rows.map(auditFromRow)
      return { counter, committed: { rows, audit } }
    })
    this.committed = loaded.committed
    this.revision = loaded.counter
    this.ownRevisions.clear()
    this.replayPending(null, changedMeanwhile())
  }

  private async loadNewer(): Promise<void> {
    const since = this.revision
    const changes = await this.snapshot(async (client) => {
      const counter = await counterOf(client)
      if (counter <= since) return null
      const rows = new Map<Kind, Map<string, unknown>>()
      for (const table of tables) {
        const result = await client.query<Record<string, unknown>>(table.selectSql, [since])
        rows.set(table.kind, new Map(result.rows.map((row) => {
          const record = table.fromRow(row)
          return [table.key(record), record]
        })))
      }
      const tombstones = (await client.query<{ kind: Kind; key: string }>('SELECT kind, key FROM meta_tombstones WHERE meta_rev > $1', [since])).rows
      const audit = (await client.query<Record<string, unknown>>(auditSql.select, [since])).rows
        .filter((row) => !this.ownRevisions.has(row.meta_rev as number))
        .map(auditFromRow)
      return { counter, rows, tombstones, audit }
    })
    if (!changes) return
    const removed = new Map<Kind, Set<string>>(tables.map((t) => [t.kind, new Set<string>()]))
    for (const { kind, key } of changes.tombstones) if (!changes.rows.get(kind)!.has(key)) removed.get(kind)!.add(key)
    for (const table of tables) {
      const rows = this.committed.rows[table.kind]
      for (const key of removed.get(table.kind)!) rows.delete(key)
      for (const [key, record] of changes.rows.get(table.kind)!) rows.set(key, JSON.stringify(record))
    }
    // Equal unless a change threw halfway (it was not written): then memory is rebuilt without it.
    const inStep = this.current.audit.length === this.committed.audit.length
    appendAll(this.committed.audit, changes.audit)
    this.revision = changes.counter
    for (const rev of this.ownRevisions) if (rev <= changes.counter) this.ownRevisions.delete(rev)
    if (this.pending.size > 0 || !inStep) {
      // Changes of this process wait for their write: they are applied again on top of the others'.
      this.replayPending(null, changedMeanwhile())
      return
    }
    // Nothing waits: the others' rows replace or join ours in place.
    for (const table of tables) {
      const changed = changes.rows.get(table.kind)!
      const gone = removed.get(table.kind)!
      if (changed.size === 0 && gone.size === 0) continue
      const list = table.records(this.current)
      const next: unknown[] = []
      const placed = new Set<string>()
      for (const record of list) {
        const key = table.key(record)
        if (changed.has(key)) {
          if (!placed.has(key)) next.push(changed.get(key))
          placed.add(key)
        } else if (!gone.has(key)) next.push(record)
      }
      for (const [key, record] of changed) if (!placed.has(key)) next.push(record)
      list.length = 0
      for (const record of next) list.push(record)
    }
    appendAll(this.current.audit, changes.audit)
    this.index = null
  }
}

async function counterOf(client: pg.PoolClient): Promise<number> {
  return (await client.query<{ value: number }>('SELECT value FROM meta_counter')).rows[0]!.value
}

const changedMeanwhile = () =>
  new StorageWriteError('Another server process changed the same data meanwhile: this could not be saved. Nothing was changed.')

/** Appends one by one: a spread of a long list would overflow the call stack. */
function appendAll<T>(to: T[], items: readonly T[]): void {
  for (const item of items) to.push(item)
}
