/**
 * One open report: its Y.Doc, its connections and their awareness, spoken to
 * over the y-websocket protocol. The room knows transport only; whether a
 * write is allowed is asked of its hooks, saving is RoomPersistence's.
 *
 * Flow of a write from a client:
 *   frame → updateShape (size, nesting, readability, attribute values; else close 4400)
 *   → gateWrite hooks (drop: MESSAGE_NOT_SAVED) → Y.applyUpdate
 *   → doc 'update' (only what is new) → persist + relay once-encoded frame
 *   → after fsync: MESSAGE_SAVED(count of this connection's writes covered).
 *
 * The full state is encoded at most once per change: joiners with an empty
 * state vector share the cached step-2 frame.
 */
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import {
  MESSAGE_AWARENESS,
  MESSAGE_QUERY_AWARENESS,
  MESSAGE_SYNC,
  SYNC_STEP1,
  SYNC_STEP2,
  SYNC_UPDATE,
  type NotSavedReason,
} from '@schema/wire'
import { BODY_FIELD, reportSchema } from '@schema/reportSchema'
import type { ReportEvent } from '@schema/reportEvent'
import type { Connection } from './Connection'
import {
  awarenessMessage,
  notSavedMessage,
  savedMessage,
  syncStep1Message,
  syncStep2Message,
  syncUpdateMessage,
  reportEventMessage,
} from './messages'
import { readOnlyAwarenessState } from './awarenessPolicy'
import { AwarenessTable, encodeAwarenessEntries, type AwarenessEntry } from './AwarenessTable'
import { quarantineOffending } from './quarantineOffending'
import { markNameOf } from './offendingBlock'
import type { RoomPersistence } from './RoomPersistence'
import { checkAttributes, checkNesting, DEFAULT_UPDATE_LIMITS, scanUpdate, type UpdateLimits, type UpdateShape } from './updateShape'
import { runReportTask } from '../reports/runReportTask'

/** Every attribute name some node type of the schema has: a write of any other one is quarantined. */
const KNOWN_ATTRIBUTES: ReadonlySet<string> = new Set(Object.values(reportSchema.nodes).flatMap((type) => Object.keys(type.spec.attrs ?? {})))

/**
 * Transaction origin of updates another process appended to the report's
 * shared stream (cluster mode): relayed to this room's clients, never
 * appended again.
 */
export const REMOTE_ORIGIN = 'cluster:remote'

/** A frame the room cannot accept; the connection that sent it is closed. */
export class BadMessageError extends Error {
  override name = 'BadMessageError'
}

export interface WriteGatePayload {
  room: Room
  conn: Connection
}

export interface RoomPayload {
  room: Room
}

export interface ChangePayload extends RoomPayload {
  /** Who made the change: a Connection, a server component's origin string, or an AttributedOrigin (a push on someone's behalf). */
  origin: unknown
}

/**
 * Behaviour added to rooms from outside (roles, KPIs…), in the order given.
 * onJoin, onChange, onLoad and onClose run guarded (runReportTask): a hook
 * that throws is logged with the report id, the others still run.
 */
export interface RoomHooks {
  /** Why this connection's document write must be dropped, or null to accept it. */
  gateWrite?(payload: WriteGatePayload): NotSavedReason | null
  /** Whether the document may not change at all, not even by the server's own writers (a published report). */
  frozen?(payload: RoomPayload): boolean
  /** After every change of the document, whoever made it (already persisted and relayed). */
  onChange?(payload: ChangePayload): void
  /** A connection joined (after it was sent the server's state vector). */
  onJoin?(payload: WriteGatePayload): void
  /** Once the room has loaded (and unknown content is quarantined). */
  onLoad?(payload: RoomPayload): void
  /** Before the room is saved for the last time and unloaded: finish pending work now. */
  onClose?(payload: RoomPayload): void
  /**
   * Awareness entries of this room's own connections that changed or were
   * renewed or removed (a state of 'null'), as the room sends them to its
   * clients: other processes' copies of the room need them too.
   */
  onAwareness?(payload: RoomPayload & { entries: AwarenessEntry[] }): void
  /** Input limits from the environment (MAX_UPDATE_STRUCTS, MAX_NESTING_DEPTH); the defaults are safe. */
  limits?: Partial<UpdateLimits>
}

/**
 * How long awareness renewals wait to be sent as one batch. Well under the
 * 30 s after which y-protocols drops a state that was not renewed (clients
 * renew every 15 s), so a batched renewal always arrives in time.
 */
const RENEWAL_BATCH_MS = 5000

/** Changes (of one kind) closer together than this share the end-of-tick write instead of each flushing every socket (broadcastNow). */
const FLUSH_SPACING_MS = 3

/** How many awareness client ids one connection may claim (a tab has one; a few for reloads). */
const MAX_AWARENESS_IDS_PER_CONNECTION = 8
/**
 * Entries in one awareness frame. y-websocket echoes every peer's change, so
 * an honest frame holds at most about one entry per peer of the room; 4 MB of
 * 3-byte entries would be 1.3M loop turns.
 */
const MAX_AWARENESS_ENTRIES = 10_000
/** One awareness state as JSON (a caret is ~300 bytes); it is relayed to every peer, so it is bounded. */
const MAX_AWARENESS_STATE_CHARS = 16 * 1024

export class Room {
  readonly connections = new Set<Connection>()
  readonly awareness = new AwarenessTable()
  /** Connections asked to resend what the server lacked (dropPending); their acknowledgements wait. */
  private readonly resyncing = new WeakSet<Connection>()
  /** Which connection owns an awareness client id. */
  private readonly awarenessOwners = new Map<number, Connection>()
  /** While set, changes are collected here instead of relayed (see releaseHeld). */
  private held: [Uint8Array, unknown][] | null = null
  /** Renewals waiting for the next batch: client id → [clock, state]. */
  private readonly pendingRenewals = new Map<number, [number, string]>()
  private renewalTimer: NodeJS.Timeout | null = null
  /** When broadcastNow last sent a change of each kind at once (performance.now()). */
  private readonly lastFlushAt = { update: Number.NEGATIVE_INFINITY, awareness: Number.NEGATIVE_INFINITY }
  private fullStateFrame: Uint8Array | null = null
  private stateVectorFrame: Uint8Array | null = null
  /** Counters for tests and benchmarks. */
  readonly stats = { fullStateEncodes: 0, updatesApplied: 0, writesDropped: 0, quarantined: 0, kpiRecomputes: 0, kpiForgeries: 0 }
  readonly persistence: RoomPersistence
  /** Awareness client ids other processes' clients own, by process id (cluster mode). */
  private readonly remoteAwareness = new Map<string, Set<number>>()
  /** The process owning each remote client id: y-websocket clients echo others' states back, and an echo claims nothing. */
  private readonly remoteOwners = new Map<number, string>()
  /** What one update may hold (updateShape.ts): the defaults, or the environment's through a hook. */
  readonly limits: UpdateLimits

  constructor(
    readonly id: string,
    readonly doc: Y.Doc,
    private readonly hooks: RoomHooks[],
    /** Builds the room's persistence (it reports back to the room: onDurable, onStorageFailed). */
    persistenceOf: (room: Room) => RoomPersistence,
  ) {
    this.limits = Object.assign({ ...DEFAULT_UPDATE_LIMITS }, ...hooks.map((h) => h.limits ?? {})) as UpdateLimits
    this.persistence = persistenceOf(this)
    doc.on('update', this.onDocUpdate)
  }

  /** Starts a connection: the server's state vector and everyone's awareness. */
  join(conn: Connection): void {
    this.connections.add(conn)
    this.stateVectorFrame ??= syncStep1Message(Y.encodeStateVector(this.doc))
    conn.send(this.stateVectorFrame)
    for (const hook of this.hooks) runReportTask(this.id, 'room hook onJoin', () => hook.onJoin?.({ room: this, conn }))
    const current = this.awareness.encodeCurrent()
    if (current) conn.send(awarenessMessage(current))
  }

  leave(conn: Connection): void {
    if (!this.connections.delete(conn)) return
    const ids = [...conn.awarenessIds]
    for (const id of ids) {
      this.awarenessOwners.delete(id)
      this.pendingRenewals.delete(id)
    }
    const removed = this.awareness.remove(ids)
    if (removed.length > 0) {
      this.broadcast(awarenessMessage(encodeAwarenessEntries(removed)), null)
      this.awarenessChanged(removed)
    }
  }

  /** Handles one frame. Throws BadMessageError for anything malformed; the caller closes the socket. */
  receive(conn: Connection, frame: Uint8Array): void {
    try {
      const d = decoding.createDecoder(frame)
      const type = decoding.readVarUint(d)
      switch (type) {
        case MESSAGE_SYNC: {
          const sub = decoding.readVarUint(d)
          const payload = decoding.readVarUint8Array(d)
          if (sub === SYNC_STEP1) {
            // Each entry of a state vector costs a Map insert; no document has this many clients.
            if (decoding.readVarUint(decoding.createDecoder(payload)) > this.limits.maxStructs) {
              throw new BadMessageError('state vector too large')
            }
            conn.send(this.step2For(payload))
          } else if (sub === SYNC_STEP2 || sub === SYNC_UPDATE) this.write(conn, payload, sub === SYNC_STEP2)
          else throw new BadMessageError(`unknown sync message ${sub}`)
          return
        }
        case MESSAGE_AWARENESS:
          this.receiveAwareness(conn, decoding.readVarUint8Array(d))
          return
        case MESSAGE_QUERY_AWARENESS: {
          const current = this.awareness.encodeCurrent()
          if (current) conn.send(awarenessMessage(current))
          return
        }
        default:
          throw new BadMessageError(`message type ${type} is not accepted from clients`)
      }
    } catch (err) {
      if (err instanceof BadMessageError) throw err
      throw new BadMessageError(`malformed frame: ${(err as Error).message}`)
    }
  }

  /** Sync step 2 for a client's state vector; the common empty one is cached per change. */
  private step2For(stateVector: Uint8Array): Uint8Array {
    if (stateVector.length === 1 && stateVector[0] === 0) {
      if (!this.fullStateFrame) {
        this.stats.fullStateEncodes++
        this.fullStateFrame = syncStep2Message(Y.encodeStateAsUpdate(this.doc))
      }
      return this.fullStateFrame
    }
    return syncStep2Message(Y.encodeStateAsUpdate(this.doc, stateVector))
  }

  private write(conn: Connection, update: Uint8Array, isStep2 = false): void {
    const index = ++conn.writesReceived
    // Yjs integrates an update's inserts before it reads its delete set, so a
    // damaged update would be half applied: all of it is read first, without
    // allocating per struct, and bounded: too much work for one frame,
    // nesting that would overflow the stack of whatever reads the body later,
    // content reports never hold (updateShape.ts).
    let shape: UpdateShape
    try {
      shape = scanUpdate(update, this.limits)
      checkNesting(shape, this.doc, this.limits.maxDepth)
      checkAttributes(shape, this.doc) // every attribute value against its node's schema
    } catch (err) {
      throw new BadMessageError((err as Error).message)
    }
    const refusal = this.gate(conn)
    if (refusal && this.wouldChange(update)) {
      this.stats.writesDropped++
      // Never acknowledge past a dropped write: the client must not see "saved" for it.
      conn.acksBlocked = true
      this.tellNotSaved(conn, refusal)
      return
    }
    if (!refusal) {
      if (
        shape.suspectValues ||
        [...shape.elementNames].some((name) => !Object.hasOwn(reportSchema.nodes, name)) ||
        [...shape.formatKeys].some((key) => !Object.hasOwn(reportSchema.marks, markNameOf(key))) ||
        [...shape.attributeKeys].some((key) => !KNOWN_ATTRIBUTES.has(key))
      ) {
        // Quarantine before anyone sees it: the client's update and the
        // server's fix go out together, as one merged frame.
        this.held = []
        Y.applyUpdate(this.doc, update, conn)
        this.quarantine()
        this.releaseHeld()
      } else {
        Y.applyUpdate(this.doc, update, conn)
      }
      this.stats.updatesApplied++
      if (isStep2) this.resyncing.delete(conn) // the answer to dropPending's state vector
      this.dropPending(conn)
    }
    conn.pendingAcks.push([index, this.persistence.currentSeq])
    this.sendAcks(conn)
  }

  /**
   * Whether an update holds anything this document lacks. A read-only
   * client's sync step 2 usually holds nothing new (but always repeats its
   * delete set); only real changes count as refused writes.
   */
  private wouldChange(update: Uint8Array): boolean {
    const { to } = Y.parseUpdateMeta(update)
    for (const [client, clock] of to) if (clock > Y.getState(this.doc.store, client)) return true
    const { ds } = Y.decodeUpdate(update)
    if (ds.clients.size === 0) return false
    const known = Y.createDeleteSetFromStructStore(this.doc.store)
    for (const [client, items] of ds.clients) {
      const ranges = known.clients.get(client) ?? []
      for (const { clock, len } of items) {
        if (!ranges.some((r) => r.clock <= clock && clock + len <= r.clock + r.len)) return true
      }
    }
    return false
  }

  /**
   * Yjs keeps the structs of an update whose dependencies it lacks in memory
   * (pendingStructs, pendingDs), merges every later update into them and
   * encodes them into full states: a client could grow that without bound.
   * Honest clients only get here after some of their writes were dropped
   * (read-only, locked); they are sent the server's state vector, and answer
   * with everything the server lacks, dependencies included.
   */
  private dropPending(conn: Connection): void {
    const store = this.doc.store
    if (store.pendingStructs === null && store.pendingDs === null) return
    store.pendingStructs = null
    store.pendingDs = null
    // What was dropped is not saved: no acknowledgement until the answer (a step 2) is applied.
    this.resyncing.add(conn)
    this.stateVectorFrame ??= syncStep1Message(Y.encodeStateVector(this.doc))
    conn.send(this.stateVectorFrame)
  }

  private gate(conn: Connection): NotSavedReason | null {
    for (const hook of this.hooks) {
      const refusal = hook.gateWrite?.({ room: this, conn }) ?? null
      if (refusal) return refusal
    }
    return null
  }

  /**
   * Every change, whatever its origin: relay once-encoded to the others,
   * persist once. Relayed first: persist only queues the change for the next
   * group commit (its acknowledgement waits for the disk either way), so the
   * others' copy need not wait for the bookkeeping.
   */
  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    this.fullStateFrame = null
    this.stateVectorFrame = null
    if (this.held) this.held.push([update, origin])
    else this.broadcastNow(syncUpdateMessage(update), origin, 'update')
    if (origin !== REMOTE_ORIGIN) this.persistence.persist(update)
    for (const hook of this.hooks) runReportTask(this.id, 'room hook onChange', () => hook.onChange?.({ room: this, origin }))
  }

  /** Runs the hooks' onLoad (RoomManager calls it once the room is ready). */
  loaded(): void {
    for (const hook of this.hooks) runReportTask(this.id, 'room hook onLoad', () => hook.onLoad?.({ room: this }))
  }

  /** Runs the hooks' onClose before the last save. */
  closing(): void {
    for (const hook of this.hooks) runReportTask(this.id, 'room hook onClose', () => hook.onClose?.({ room: this }))
  }

  /**
   * Whether the document is frozen (a published report): server components
   * ask before they write into it, and write nothing if so.
   */
  frozen(): boolean {
    return this.hooks.some((hook) => hook.frozen?.({ room: this }) ?? false)
  }

  /**
   * Replaces offending content (unknown node types and marks, attribute
   * values no reader may get: offendingBlock.ts) by quarantine blocks (see
   * quarantineOffending.ts). Also run once after a room loads; never in a
   * frozen (published) document, which stays byte for byte as published.
   */
  quarantine(): void {
    if (this.frozen()) return
    const done = quarantineOffending(this.doc.getXmlFragment(BODY_FIELD), this.limits.maxDepth)
    if (done.length === 0) return
    this.stats.quarantined += done.length
    const what = done.map((d) => `${d.originalType} (${d.reason.slice(0, 300)})`).join(', ')
    console.warn(`[collab] report ${this.id}: quarantined: ${what}`)
  }

  /** Sends held updates: everything merged to the others, only what others made to each origin. */
  private releaseHeld(): void {
    const held = this.held ?? []
    this.held = null
    if (held.length === 0) return
    const all = syncUpdateMessage(Y.mergeUpdates(held.map(([u]) => u)))
    for (const conn of this.connections) {
      const own = held.some(([, origin]) => origin === conn)
      if (!own) conn.send(all)
      else {
        const others = held.filter(([, origin]) => origin !== conn).map(([u]) => u)
        if (others.length > 0) conn.send(syncUpdateMessage(Y.mergeUpdates(others)))
      }
    }
  }

  /** Pushes a server event (status, comments) to every connection of the room. */
  notify(event: ReportEvent): void {
    this.broadcast(reportEventMessage(event), null)
  }

  /**
   * Pushes a server event that may differ per user (a comment thread with
   * each viewer's unread mentions): each distinct event object is encoded
   * once, however many connections receive it.
   */
  notifyEach(eventFor: (userId: string) => ReportEvent): void {
    const frames = new Map<ReportEvent, Uint8Array>()
    for (const conn of this.connections) {
      const event = eventFor(conn.user.id)
      let frame = frames.get(event)
      if (!frame) {
        frame = reportEventMessage(event)
        frames.set(event, frame)
      }
      conn.send(frame)
    }
  }

  private broadcast(frame: Uint8Array, except: unknown): void {
    for (const conn of this.connections) if (conn !== except) conn.send(frame)
  }

  /**
   * A document change, or a caret that moved, leaves at once, not at the end
   * of the tick: frames the same message causes later (the writer's caret,
   * acknowledgements) must not hold up everyone's copy of the text, and a
   * socket with nothing corked is written without the buffering a cork costs.
   * Under a flood of changes of one kind (less than FLUSH_SPACING_MS apart)
   * they stay corked to the end of the tick, so each socket gets one write
   * per tick, not one per change: that is what keeps a saturated room's
   * throughput.
   */
  private broadcastNow(frame: Uint8Array, except: unknown, kind: 'update' | 'awareness'): void {
    const now = performance.now()
    const flush = now - this.lastFlushAt[kind] >= FLUSH_SPACING_MS
    if (flush) this.lastFlushAt[kind] = now
    for (const conn of this.connections) {
      if (conn === except) continue
      if (flush) conn.sendNow(frame)
      else conn.send(frame)
    }
  }

  /** Called by persistence when changes up to `seq` are on disk. */
  onDurable(): void {
    for (const conn of this.connections) if (conn.pendingAcks.length > 0) this.sendAcks(conn)
  }

  /** Called by persistence when a write failed: waiting clients learn their edits are not saved. */
  onStorageFailed(): void {
    for (const conn of this.connections) if (conn.pendingAcks.length > 0) this.tellNotSaved(conn, 'storage_failed')
  }

  private sendAcks(conn: Connection): void {
    if (conn.acksBlocked || this.resyncing.has(conn)) return
    let covered = -1
    while (conn.pendingAcks.length > 0 && conn.pendingAcks[0]![1] <= this.persistence.durableSeq) {
      covered = conn.pendingAcks.shift()![0]
    }
    if (covered >= 0) {
      if (conn.lastNotSaved === 'storage_failed') conn.lastNotSaved = null
      conn.send(savedMessage(covered))
    }
  }

  private tellNotSaved(conn: Connection, reason: NotSavedReason): void {
    if (conn.lastNotSaved === reason) return
    conn.lastNotSaved = reason
    conn.send(notSavedMessage(reason))
  }

  /**
   * Applies an awareness update after checking that the connection owns each
   * client id it touches, and replaces the `user` it claims by the server's
   * record of who it is. A connection that may not write the body (viewer,
   * reviewer, anyone on a published report) shares its caret and nothing
   * else: its state is cut down to `{user, cursor}` (awarenessPolicy.ts), so
   * a reader cannot put content of its own in front of everyone.
   */
  private receiveAwareness(conn: Connection, update: Uint8Array): void {
    const d = decoding.createDecoder(update)
    const count = decoding.readVarUint(d)
    if (count > MAX_AWARENESS_ENTRIES) throw new BadMessageError('too many awareness entries')
    const kept: AwarenessEntry[] = []
    let readOnly: boolean | undefined
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(d)
      const clock = decoding.readVarUint(d)
      const raw = decoding.readVarString(d)
      if (raw.length > MAX_AWARENESS_STATE_CHARS) throw new BadMessageError('awareness state too large')
      // The server's own id is not a participant's to take, nor a client's of another process (an echo).
      if (clientId === this.doc.clientID || this.remoteOwners.has(clientId)) continue
      const owner = this.awarenessOwners.get(clientId)
      if (owner && owner !== conn) continue
      const state: unknown = JSON.parse(raw)
      if (state === null) {
        if (owner) kept.push([clientId, clock, 'null'])
        continue
      }
      if (typeof state !== 'object' || Array.isArray(state)) throw new BadMessageError('awareness state must be an object')
      if (!owner) {
        if (conn.awarenessIds.size >= MAX_AWARENESS_IDS_PER_CONNECTION) continue
        this.awarenessOwners.set(clientId, conn)
        conn.awarenessIds.add(clientId)
      }
      const user = { id: conn.user.id, name: conn.user.name, color: conn.user.color }
      readOnly ??= this.gate(conn) !== null
      const shared = readOnly ? readOnlyAwarenessState(state as Record<string, unknown>, user) : { ...(state as object), user }
      kept.push([clientId, clock, JSON.stringify(shared)])
    }
    // A renewal (y-protocols re-sends an unchanged state every 15 s) waits for
    // the next batch: one frame per client per RENEWAL_BATCH_MS carries every
    // renewal of the room, so renewals cost O(N) frames, not N × N. A change
    // (a cursor moved, someone left) goes out at once. Both are echoed to the
    // sender too: they count as traffic for y-websocket's 30 s idle watchdog.
    // An entry older than what the room has is dropped.
    const changed: AwarenessEntry[] = []
    for (const entry of kept) {
      const [clientId, clock, state] = entry
      const outcome = this.awareness.apply(clientId, clock, state)
      if (outcome === 'stale') continue
      if (outcome === 'renewed') {
        this.pendingRenewals.set(clientId, [clock, state])
        continue
      }
      changed.push(entry)
      this.pendingRenewals.delete(clientId)
      if (state === 'null') {
        this.awarenessOwners.delete(clientId)
        conn.awarenessIds.delete(clientId)
      }
    }
    if (changed.length > 0) {
      this.broadcastNow(awarenessMessage(encodeAwarenessEntries(changed)), null, 'awareness')
      this.awarenessChanged(changed)
    }
    if (this.pendingRenewals.size > 0 && !this.renewalTimer) {
      this.renewalTimer = setTimeout(() => runReportTask(this.id, 'awareness renewals', () => this.flushRenewals()), RENEWAL_BATCH_MS)
      this.renewalTimer.unref()
    }
  }

  /** Sends the batched awareness renewals to everyone, in one frame. */
  private flushRenewals(): void {
    this.renewalTimer = null
    if (this.pendingRenewals.size === 0) return
    const entries = [...this.pendingRenewals].map(([clientId, [clock, state]]): AwarenessEntry => [clientId, clock, state])
    this.pendingRenewals.clear()
    this.broadcast(awarenessMessage(encodeAwarenessEntries(entries)), null)
    this.awarenessChanged(entries)
  }

  private awarenessChanged(entries: AwarenessEntry[]): void {
    for (const hook of this.hooks) {
      if (hook.onAwareness) runReportTask(this.id, 'room hook onAwareness', () => hook.onAwareness!({ room: this, entries }))
    }
  }

  /** The current awareness entries of this room's own connections (another process asks for them when it opens the room). */
  localAwareness(): AwarenessEntry[] {
    const ids = [...this.awarenessOwners.keys()]
    return this.awareness.entries(ids)
  }

  /**
   * Awareness entries from another process's clients (cluster mode): applied
   * and sent to this room's clients. They were checked by the process that
   * received them; ids this room's own connections own are not taken.
   */
  applyRemoteAwareness(processId: string, entries: AwarenessEntry[]): void {
    let owned = this.remoteAwareness.get(processId)
    const changed: AwarenessEntry[] = []
    for (const entry of entries.slice(0, MAX_AWARENESS_ENTRIES)) {
      const [clientId, clock, state] = entry
      if (this.awarenessOwners.has(clientId) || state.length > MAX_AWARENESS_STATE_CHARS) continue
      const outcome = this.awareness.apply(clientId, clock, state)
      if (outcome === 'stale') continue
      if (state === 'null') {
        owned?.delete(clientId)
        this.remoteOwners.delete(clientId)
      } else {
        if (!owned) this.remoteAwareness.set(processId, (owned = new Set()))
        owned.add(clientId)
        this.remoteOwners.set(clientId, processId)
      }
      changed.push(entry)
    }
    if (changed.length > 0) this.broadcastNow(awarenessMessage(encodeAwarenessEntries(changed)), null, 'awareness')
  }

  /** The processes whose clients have awareness states in this room. */
  remoteProcesses(): string[] {
    return [...this.remoteAwareness.keys()]
  }

  /** A process died (its heartbeat expired): its clients' cursors leave everyone's screen. */
  removeRemoteProcess(processId: string): void {
    const ids = this.remoteAwareness.get(processId)
    this.remoteAwareness.delete(processId)
    if (!ids) return
    for (const id of ids) this.remoteOwners.delete(id)
    const removed = this.awareness.remove(ids)
    if (removed.length > 0) this.broadcast(awarenessMessage(encodeAwarenessEntries(removed)), null)
  }

  /** Tells every connection waiting for an acknowledgement that its edits were refused, and why. */
  refusePending(reason: NotSavedReason): void {
    for (const conn of this.connections) {
      if (conn.pendingAcks.length === 0) continue
      conn.acksBlocked = true
      this.tellNotSaved(conn, reason)
    }
  }

  destroy(): void {
    if (this.renewalTimer) clearTimeout(this.renewalTimer)
    this.doc.off('update', this.onDocUpdate)
    this.doc.destroy()
  }
}
