/**
 * The honest saved status of one editor.
 *
 * Every document write the provider sends (sync step 2, sync update) is
 * counted per socket; the server answers MESSAGE_SAVED(n) once the first n of
 * them are fsynced. "Saved" means: connected, the last write was covered,
 * and no change is waiting to be sent. Changes made offline, or sent on a
 * socket that closed before its ack, are "unsynced" until the next socket's
 * sync step 2 (which carries everything the server lacks) is sent.
 *
 * Separately, every local change is counted and the browser's local copy
 * (IndexedDB, see LocalCopy) reports which of them it has stored: unsaved
 * changes that are all stored there are "kept locally" — they survive a
 * reload or a closed tab and reach the server on the next connection.
 */
import type { NotSavedReason } from '@schema/wire'

export type SaveStatus =
  | 'connecting'
  | 'offline'
  | 'offline-kept'
  | 'offline-unsaved'
  | 'saving'
  | 'saved'
  | 'not-saved'
  | 'refused'
  | 'locked'

export class SaveTracker {
  private sent = 0
  private acked = 0
  private needAck = 0
  private unsynced = false
  private connected = false
  private everTried = false
  private refusal: NotSavedReason | null = null
  /** Local changes made in this session, and how many of them the local copy has stored. */
  private localChanges = 0
  private localStored = 0
  private localAvailable = false
  private readonly listeners = new Set<(status: SaveStatus) => void>()

  subscribe(listener: (status: SaveStatus) => void): () => void {
    this.listeners.add(listener)
    listener(this.status)
    return () => this.listeners.delete(listener)
  }

  /** Changes exist that the server has not acknowledged. */
  get pending(): boolean {
    return this.unsynced || this.acked < this.needAck
  }

  /** Every local change is stored in the browser's local copy. */
  get keptLocally(): boolean {
    return this.localAvailable && this.localStored >= this.localChanges
  }

  /** Changes exist that are neither on the server nor kept locally: closing the tab would lose them. */
  get atRisk(): boolean {
    return this.pending && !this.keptLocally && this.refusal !== 'locked' && this.refusal !== 'read_only'
  }

  get status(): SaveStatus {
    const pending = this.pending
    if (!this.connected) {
      if (!this.everTried) return 'connecting'
      if (!pending) return 'offline'
      return this.keptLocally ? 'offline-kept' : 'offline-unsaved'
    }
    if (pending && this.refusal === 'locked') return 'locked'
    if (pending && this.refusal === 'read_only') return 'refused'
    if (pending && this.refusal === 'storage_failed') return 'not-saved'
    return pending ? 'saving' : 'saved'
  }

  private lastEmitted: SaveStatus | null = null

  /** Tells listeners only when the status changed (it is recomputed on every keystroke). */
  private emit(): void {
    const status = this.status
    if (status === this.lastEmitted) return
    this.lastEmitted = status
    for (const listener of this.listeners) listener(status)
  }

  socketOpened(): void {
    this.sent = 0
    this.acked = 0
    this.needAck = 0
    this.connected = true
    this.everTried = true
    this.emit()
  }

  /** A socket closed, or a connection attempt failed: from now on the editor is offline, not "connecting". */
  socketClosed(): void {
    if (this.acked < this.needAck) this.unsynced = true
    this.connected = false
    this.everTried = true
    this.emit()
  }

  /** A sync step 2 went out: from now on it covers every change the server lacked. */
  step2Sent(): void {
    this.sent++
    this.needAck = this.sent
    this.unsynced = false
    this.emit()
  }

  updateSent(): void {
    this.sent++
    this.needAck = this.sent
    this.emit()
  }

  /** A change made here (not one received from the server); returns its number for localStored(). */
  localChange(): number {
    this.localChanges++
    if (!this.connected) this.unsynced = true
    this.emit()
    return this.localChanges
  }

  /** A local copy is open: from now on changes it stores count as kept locally. */
  localCopyOpened(): void {
    this.localAvailable = true
    this.localStored = this.localChanges
    this.emit()
  }

  /** The local copy stored every local change up to number `upTo`. */
  localStoredUpTo(upTo: number): void {
    this.localStored = Math.max(this.localStored, upTo)
    this.emit()
  }

  /** The local copy failed (quota, storage blocked) or was discarded: nothing more is kept locally. */
  localCopyLost(): void {
    this.localAvailable = false
    this.emit()
  }

  /** The local copy loaded changes made in an earlier session that the server had not acknowledged. */
  restoredUnsynced(): void {
    this.unsynced = true
    this.emit()
  }

  saved(count: number): void {
    this.acked = Math.max(this.acked, count)
    if (this.acked >= this.needAck && this.refusal === 'storage_failed') this.refusal = null
    this.emit()
  }

  notSaved(reason: NotSavedReason): void {
    this.refusal = reason
    this.emit()
  }
}
