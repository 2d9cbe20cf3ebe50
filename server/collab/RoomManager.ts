/**
 * Opens each report's room once, shares it between its connections, and
 * unloads it after the last one left and everything is on disk.
 *
 * Concurrent first joins share one load (the map holds the promise). A load
 * that fails is forgotten, never replaced by an empty document, so a later
 * attempt reads the files again and nothing can be saved over them.
 */
import type { ReportEvent } from '@schema/reportEvent'
import * as Y from 'yjs'
import { CLOSE_SHUTDOWN } from '@schema/wire'
import { BODY_FIELD } from '@schema/reportSchema'
import { assertReadable, docSchemaVersion, migrateYDoc } from '@schema/document/migrateDocument'
import { StorageLoadError, type DocStore } from '../storage/DocStore'
import { REMOTE_ORIGIN, Room, type RoomHooks } from './Room'
import { RoomPersistence } from './RoomPersistence'
import { runReportTask } from '../reports/runReportTask'
import { moveOutsideSections } from './moveOutsideSections'

/** Transaction origin of the server's migration of an older body when its room loads. */
export const MIGRATION_ORIGIN = 'server:migration'

/** What other processes must redo to tell their own editors of a change (cluster mode). */
export type RelayedEvent = { kind: 'event'; event: ReportEvent } | { kind: 'thread'; threadId: string }

/** Carries events to the other processes' rooms (cluster mode); absent in the embedded default. */
export interface EventRelay {
  publish(reportId: string, relayed: RelayedEvent): void
}

export interface RoomManagerOptions {
  /** Other processes' editors of the same report (cluster mode). */
  relay?: EventRelay
  compactLogBytes: number
  /** Keep an empty room this long before unloading (reconnects are cheap then). */
  unloadDelayMs: number
  retryMs: number
}

export class RoomManager {
  private readonly rooms = new Map<string, Promise<Room>>()
  /** Rooms kept open by something other than a socket (a REST read), by count. */
  private readonly holds = new Map<string, number>()
  private readonly unloadTimers = new Map<string, NodeJS.Timeout>()
  /** Rooms being closed; resolves to the room itself when it could not be saved and stays open. */
  private readonly closing = new Map<string, Promise<Room | null>>()
  /** Loads performed, for tests: concurrent joins must not load twice. */
  loads = 0
  private stopping = false

  constructor(
    private readonly store: DocStore,
    private readonly hooks: RoomHooks[],
    private readonly options: RoomManagerOptions,
  ) {}

  /** The open room of a report, loading it if needed. Rejects with StorageLoadError. */
  acquire(reportId: string): Promise<Room> {
    if (this.stopping) return Promise.reject(new Error('server is shutting down'))
    this.cancelUnload(reportId)
    this.holds.set(reportId, (this.holds.get(reportId) ?? 0) + 1)
    let room = this.rooms.get(reportId)
    if (!room) {
      room = this.load(reportId)
      this.rooms.set(reportId, room)
      room.catch(() => this.rooms.delete(reportId))
    }
    return room.catch((err: unknown) => {
      this.dropHold(reportId)
      throw err
    })
  }

  /** Gives back what acquire() took; the room unloads when nothing holds it. */
  release(reportId: string): void {
    if (this.dropHold(reportId) === 0) this.scheduleUnload(reportId)
  }

  /** Runs `fn` on the report's room, loading it for the call if it is not open. */
  async withRoom<T>(reportId: string, fn: (room: Room) => T | Promise<T>): Promise<T> {
    const room = await this.acquire(reportId)
    try {
      return await fn(room)
    } finally {
      this.release(reportId)
    }
  }

  /** Pushes an event to the editors of a report, on every process, if its room is open (a closed room has no one to tell). */
  notify(reportId: string, event: ReportEvent): void {
    this.deliver(reportId, event)
    this.options.relay?.publish(reportId, { kind: 'event', event })
  }

  /** Pushes an event to this process's editors of a report only (an event relayed from another process). */
  deliver(reportId: string, event: ReportEvent): void {
    void this.rooms.get(reportId)?.then(
      (room) => room.notify(event),
      () => undefined,
    )
  }

  /**
   * Pushes an event that may differ per user (Room.notifyEach) to the editors of a report, if its room is open.
   * `relayed` says how other processes build the same events for their editors.
   */
  notifyEach(reportId: string, eventFor: (userId: string) => ReportEvent, relayed?: RelayedEvent): void {
    this.deliverEach(reportId, eventFor)
    if (relayed) this.options.relay?.publish(reportId, relayed)
  }

  /** notifyEach for this process's editors only. */
  deliverEach(reportId: string, eventFor: (userId: string) => ReportEvent): void {
    void this.rooms.get(reportId)?.then(
      (room) => {
        try {
          room.notifyEach(eventFor)
        } catch (err) {
          // A push is a courtesy to open editors (they refetch on reconnect): its fault stays with this report.
          console.error(`[collab] report ${reportId}: event push failed:`, err)
        }
      },
      () => undefined,
    )
  }

  /** Open rooms (for tests and the benchmark). */
  openRoom(reportId: string): Promise<Room> | undefined {
    return this.rooms.get(reportId)
  }

  private dropHold(reportId: string): number {
    const left = (this.holds.get(reportId) ?? 1) - 1
    if (left <= 0) this.holds.delete(reportId)
    else this.holds.set(reportId, left)
    return Math.max(left, 0)
  }

  private async load(reportId: string): Promise<Room> {
    const survivor = await this.closing.get(reportId)
    if (survivor) return survivor
    this.loads++
    const handle = await this.store.open(reportId)
    const doc = new Y.Doc({ gc: true })
    try {
      Y.applyUpdate(doc, handle.state)
    } catch (err) {
      await handle.close()
      throw new StorageLoadError(`report ${reportId} does not load: ${(err as Error).message}`)
    }
    try {
      // Before anything reads or quarantines it: a body from a newer server is refused, never downgraded.
      assertReadable(docSchemaVersion(doc), `report ${reportId}`)
    } catch (err) {
      await handle.close()
      throw err
    }
    const room = new Room(
      reportId,
      doc,
      this.hooks,
      (room) =>
        new RoomPersistence(handle, doc, {
          compactLogBytes: this.options.compactLogBytes,
          retryMs: this.options.retryMs,
          onDurable: () => room.onDurable(),
          onFailed: (err) => {
            console.error(`[storage] report ${reportId}: write failed, clients told their edits are not saved:`, err)
            room.onStorageFailed()
          },
          // Someone typing while writes fail: tell them too (each writer once until a save succeeds).
          onUnsaved: () => room.onStorageFailed(),
          onLocked: () => this.discard(reportId, room),
        }),
    )
    // Cluster mode: what other processes append reaches this room's clients (never appended again).
    handle.listen?.({ update: (update) => Y.applyUpdate(doc, update, REMOTE_ORIGIN) })
    room.quarantine() // stored content from before a schema change, or from a bad peer
    // An older body gets today's shape by the named steps, in one transaction of the server that every
    // editor receives; a published (frozen) document stays byte for byte as published (its readers migrate).
    if (!room.frozen()) {
      const migrated = migrateYDoc(doc, MIGRATION_ORIGIN, `report ${reportId}`)
      if (migrated.applied.length > 0) {
        console.warn(`[collab] report ${reportId}: migrated from schema v${migrated.from} to v${migrated.to} (${migrated.changedBlocks} block(s) changed): ${migrated.applied.join(', ')}`)
      }
    }
    // Blocks an older editor put after the last section go into the nearest section, never deleted;
    // a published (frozen) document stays byte for byte as published.
    if (!room.frozen()) {
      const moved = moveOutsideSections(doc.getXmlFragment(BODY_FIELD))
      if (moved.length > 0) console.warn(`[collab] report ${reportId}: moved into sections: ${moved.map((m) => m.type).join(', ')}`)
    }
    room.loaded()
    return room
  }

  private cancelUnload(reportId: string): void {
    const timer = this.unloadTimers.get(reportId)
    if (timer) clearTimeout(timer)
    this.unloadTimers.delete(reportId)
  }

  private scheduleUnload(reportId: string): void {
    this.cancelUnload(reportId)
    const timer = setTimeout(() => runReportTask(reportId, 'unload', () => this.unload(reportId)), this.options.unloadDelayMs)
    timer.unref()
    this.unloadTimers.set(reportId, timer)
  }

  /**
   * Unloads only when nothing holds the room. The room leaves the map at once,
   * so a join during the close starts a new load, which waits for the close;
   * if the close could not save, that load takes the old room back instead of
   * reading files that miss its changes.
   */
  private async unload(reportId: string): Promise<void> {
    this.unloadTimers.delete(reportId)
    const pending = this.rooms.get(reportId)
    if (!pending || this.holds.has(reportId)) return
    const room = await pending
    if (this.holds.has(reportId) || this.rooms.get(reportId) !== pending) return
    this.rooms.delete(reportId)
    room.closing()
    const closing = room.persistence.close().then(
      () => {
        room.destroy()
        return null
      },
      (err: unknown) => {
        console.error(`[storage] report ${reportId}: cannot save before unloading, keeping it open:`, err)
        if (!this.rooms.has(reportId)) {
          this.rooms.set(reportId, Promise.resolve(room))
          this.scheduleUnload(reportId)
        }
        return room
      },
    )
    this.closing.set(reportId, closing)
    await closing
    if (this.closing.get(reportId) === closing) this.closing.delete(reportId)
  }

  /**
   * Drops a room whose change a shared store refused (the report was locked
   * by another process first): its writers are told `locked`, every client
   * is disconnected (they reconnect and get the report as stored), and
   * nothing of the room is saved.
   */
  private discard(reportId: string, room: Room): void {
    console.warn(`[collab] report ${reportId}: a change was refused (locked by another process); reloading the room`)
    room.refusePending('locked')
    void this.rooms.get(reportId)?.then((current) => {
      if (current !== room) return
      this.rooms.delete(reportId)
      room.closing()
      for (const conn of room.connections) conn.close(CLOSE_SHUTDOWN, 'report locked elsewhere; reconnect')
      void room.persistence.close().finally(() => room.destroy())
    })
  }

  /** Closes every socket, saves every room, closes the files. Throws if something could not be saved. */
  async shutdown(): Promise<void> {
    this.stopping = true
    for (const timer of this.unloadTimers.values()) clearTimeout(timer)
    await Promise.all(this.closing.values())
    const failures: string[] = []
    for (const [reportId, pending] of this.rooms) {
      const room = await pending.catch(() => null)
      if (!room) continue
      for (const conn of room.connections) conn.close(CLOSE_SHUTDOWN, 'server shutting down')
      room.closing()
      try {
        await room.persistence.close()
      } catch (err) {
        failures.push(`${reportId}: ${(err as Error).message}`)
      }
      room.destroy()
    }
    this.rooms.clear()
    if (failures.length > 0) throw new Error(`not saved: ${failures.join('; ')}`)
  }
}
