/**
 * The browser's copy of one report for one user (IndexedDB through
 * y-indexeddb), so edits not yet on the server survive a reload or a closed
 * tab and are sent on the next connection.
 *
 * - One database per user and report (`ops-report:<userId>:<reportId>`): on a
 *   shared computer one user's unsent edits are never loaded for another, and
 *   logging out deletes every copy of the user (deleteLocalCopies).
 * - The server decides: the copy only ever adds the user's own edits to the
 *   same Yjs document (restores and KPI writes are ordinary server edits, so
 *   their deletions win on merge). Edits the server refuses (a published
 *   report, a role without write rights) are discarded with the copy
 *   (discard()), never kept to be sent again after an unlock.
 * - A flag in the database's `custom` store says whether it holds changes
 *   the server has not acknowledged; set before the change is stored, cleared
 *   once the editor is 已保存. A reload while offline reads it to say 已存在本机.
 */
import { IndexeddbPersistence } from 'y-indexeddb'
import type * as Y from 'yjs'
import type { SaveTracker } from './SaveTracker'

const PREFIX = 'ops-report:'
const UNSYNCED_KEY = 'unsynced'
/** If IndexedDB does not answer within this time (storage blocked, a stuck upgrade), the editor opens without a local copy. */
const OPEN_TIMEOUT_MS = 3000

export const localCopyName = (userId: string, reportId: string): string => `${PREFIX}${userId}:${reportId}`

/** Deletions still running, by database name: a new copy of the same report waits for them. */
const deletions = new Map<string, Promise<void>>()

function deleteDatabase(name: string): Promise<void> {
  const done = new Promise<void>((resolve) => {
    const request = indexedDB.deleteDatabase(name)
    // Open connections are closed by their versionchange handler; until then the request waits.
    request.onsuccess = request.onerror = () => resolve()
  }).finally(() => {
    if (deletions.get(name) === done) deletions.delete(name)
  })
  deletions.set(name, done)
  return done
}

function indexedDbAvailable(): boolean {
  try {
    return typeof indexedDB !== 'undefined' && indexedDB !== null
  } catch {
    return false // access itself throws where storage is blocked
  }
}

export interface LocalCopy {
  /** Resolves once the stored changes are in the document (or the copy could not be opened). */
  readonly loaded: Promise<void>
  /** The transaction origin of changes loaded from the copy (not the user's new edits). */
  readonly origin: unknown
  /** Called for each local change, numbered by the tracker: reports it stored once IndexedDB has committed it. */
  store(change: number): void
  /** Deletes the copy (the server refused what it holds); resolves when it is gone. */
  discard(): Promise<void>
  destroy(): void
}

export function openLocalCopy(doc: Y.Doc, userId: string, reportId: string, tracker: SaveTracker): LocalCopy | null {
  if (!indexedDbAvailable()) return null
  const name = localCopyName(userId, reportId)
  let persistence: IndexeddbPersistence | null = null
  let db: IDBDatabase | null = null
  let lost = false
  let flagged = false
  let destroyed = false

  const loseCopy = () => {
    if (lost) return
    lost = true
    db = null
    tracker.localCopyLost()
  }

  const open = async (): Promise<void> => {
    await deletions.get(name)
    if (destroyed) return
    const p = new IndexeddbPersistence(name, doc)
    persistence = p
    const opened = await Promise.race([
      p.whenSynced.then(() => true),
      p._db.then(
        () => new Promise<boolean>(() => {}),
        () => false,
      ),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), OPEN_TIMEOUT_MS)),
    ])
    if (!opened || destroyed || !p.db) {
      if (!destroyed) loseCopy()
      return
    }
    db = p.db
    // A failed write (quota, storage cleared) reaches the database as a bubbling error or abort.
    db.addEventListener('error', loseCopy)
    db.addEventListener('abort', loseCopy)
    // Another tab deletes the copies (logout): stop writing to a closed database.
    db.onversionchange = () => {
      loseCopy()
      void p.destroy()
    }
    if ((await p.get(UNSYNCED_KEY)) === true) {
      flagged = true
      tracker.restoredUnsynced()
    }
    tracker.localCopyOpened()
    tracker.subscribe((status) => {
      if (status !== 'saved' || !flagged || !db) return
      flagged = false
      putFlag(db, false)
    })
  }

  const loaded = open().catch(() => loseCopy())

  return {
    loaded,
    get origin() {
      return persistence
    },
    store(change) {
      // Deferred to after the update event: y-indexeddb's own update handler
      // (registered whenever the copy opened) has then created the readwrite
      // transaction storing this change, and a later transaction on the same
      // stores completes only after that one has finished.
      queueMicrotask(() => {
        if (!db || lost) return
        try {
          if (!flagged) {
            flagged = true
            putFlag(db, true)
          }
          const check = db.transaction(['updates', 'custom'], 'readonly')
          check.oncomplete = () => {
            if (!lost) tracker.localStoredUpTo(change)
          }
        } catch {
          loseCopy()
        }
      })
    },
    async discard() {
      loseCopy()
      destroyed = true
      await loaded
      await persistence?.destroy()
      await deleteDatabase(name)
    },
    destroy() {
      destroyed = true
      void persistence?.destroy()
    },
  }
}

function putFlag(db: IDBDatabase, value: boolean): void {
  db.transaction(['custom'], 'readwrite').objectStore('custom').put(value, UNSYNCED_KEY)
}

/** The names of this user's local copies. */
async function namesOf(userId: string): Promise<string[]> {
  if (!indexedDbAvailable() || typeof indexedDB.databases !== 'function') return []
  const all = await indexedDB.databases().catch(() => [])
  return all.map((d) => d.name ?? '').filter((n) => n.startsWith(`${PREFIX}${userId}:`))
}

/** Whether any local copy of this user holds edits the server has not acknowledged. */
export async function hasUnsentLocalEdits(userId: string): Promise<boolean> {
  for (const name of await namesOf(userId)) {
    const flag = await new Promise<unknown>((resolve) => {
      const request = indexedDB.open(name)
      request.onerror = () => resolve(false)
      request.onsuccess = () => {
        const db = request.result
        try {
          const get = db.transaction(['custom'], 'readonly').objectStore('custom').get(UNSYNCED_KEY)
          get.onsuccess = () => resolve(get.result)
          get.onerror = () => resolve(false)
        } catch {
          resolve(false) // not a copy of ours (no custom store)
        } finally {
          db.close()
        }
      }
    })
    if (flag === true) return true
  }
  return false
}

/** Deletes every local copy of this user (at logout: the next user of this browser must not see them). */
export async function deleteLocalCopies(userId: string): Promise<void> {
  await Promise.all((await namesOf(userId)).map(deleteDatabase))
}
