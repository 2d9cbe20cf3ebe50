/**
 * Autosave of drafts into the history: a room hook that snapshots a report's
 * body at most every `intervalMs` while people change it, and once more when
 * the room closes with changes not yet snapshotted.
 *
 * Only writes from client connections count: the server's own writes (KPI
 * recomputes, REST replacements such as a restore) are derived from or
 * already recorded in the history, and must not keep producing snapshots of
 * a report nobody touches. The people who wrote are remembered by the
 * server's record of each connection (not what a client claims), and listed
 * with the snapshot that first holds their changes.
 */
import { readReport } from '../collab/readReport'
import { Connection } from '../collab/Connection'
import { REMOTE_ORIGIN, type Room, type RoomHooks } from '../collab/Room'
import type { Snapshot, SnapshotReason, SnapshotStore } from './SnapshotStore'
import { runReportTask } from '../reports/runReportTask'

export interface AutoSnapshotOptions {
  store: SnapshotStore
  /** Least time between two automatic snapshots of one report; also the wait after the first change. */
  intervalMs: number
  /**
   * Cluster mode: whether this process takes the report's automatic
   * snapshots (it holds the report's work lease). Changes from other
   * processes count there too; their authors are not known to it. Absent: always.
   */
  runsHere?(reportId: string): boolean
}

export interface AutoSnapshot extends RoomHooks {
  /** Where the snapshots are kept (listing, reading, waiting for writes at shutdown). */
  readonly store: SnapshotStore
  /**
   * Snapshots the room's body now, whatever changed, crediting the people
   * who wrote since the last snapshot. The body is captured before this
   * returns, so a change made after the call is not in it; the promise
   * resolves once the snapshot is on disk.
   */
  takeNow(room: Room, reason: SnapshotReason): Promise<Snapshot>
}

interface RoomState {
  dirty: boolean
  authors: Set<string>
  timer: NodeJS.Timeout | null
}

export function autoSnapshot({ store, intervalMs, runsHere }: AutoSnapshotOptions): AutoSnapshot {
  const states = new Map<Room, RoomState>()
  const stateOf = (room: Room): RoomState => {
    let s = states.get(room)
    if (!s) states.set(room, (s = { dirty: false, authors: new Set(), timer: null }))
    return s
  }

  /** Captures the body and who wrote it, and hands both to the store; clears the room's pending state. */
  const capture = (room: Room, reason: SnapshotReason, skipIfUnchanged: boolean) => {
    const s = stateOf(room)
    if (s.timer) clearTimeout(s.timer)
    s.timer = null
    const authors = [...s.authors]
    s.dirty = false
    s.authors.clear()
    const { json: content, schemaVersion } = readReport(room)
    const written = store.write({ reportId: room.id, reason, content, schemaVersion, authors, skipIfUnchanged })
    written.catch((err: unknown) => {
      console.error(`[history] report ${room.id}: snapshot (${reason}) not stored:`, err)
      // Still open: its changes wait for the next attempt rather than falling out of the history.
      const now = states.get(room)
      if (now) {
        now.dirty = true
        for (const a of authors) now.authors.add(a)
        schedule(room, now)
      }
    })
    return written
  }

  const schedule = (room: Room, s: RoomState) => {
    if (s.timer) return
    s.timer = setTimeout(() => {
      s.timer = null
      // A body that cannot be read stops this report's autosave, nothing else.
      if (!s.dirty) return
      if (runsHere && !runsHere(room.id)) {
        // Another process takes this report's snapshots.
        s.dirty = false
        s.authors.clear()
        return
      }
      runReportTask(room.id, 'history', () => capture(room, 'auto', true).catch(() => undefined))
    }, intervalMs)
    s.timer.unref()
  }

  return {
    store,
    onChange: ({ room, origin }) => {
      const remote = origin === REMOTE_ORIGIN
      if (!(origin instanceof Connection) && !remote) return
      const s = stateOf(room)
      s.dirty = true
      if (!remote) s.authors.add(origin.user.name)
      schedule(room, s)
    },
    onClose: ({ room }) => {
      const s = states.get(room)
      if (!s) return
      // Captured now, while the document still exists; a shutdown waits for the store's writes (index.ts).
      if (s.dirty && (!runsHere || runsHere(room.id))) void capture(room, 'close', true).catch(() => undefined)
      if (s.timer) clearTimeout(s.timer)
      states.delete(room)
    },
    takeNow: async (room, reason) => {
      const snapshot = await capture(room, reason, false)
      return snapshot!
    },
  }
}
