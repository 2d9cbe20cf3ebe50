/**
 * The honest saved status of one editor.
 *
 * Every document write the provider sends (sync step 2, sync update) is
 * counted per socket; the server answers MESSAGE_SAVED(n) once the first n of
 * them are fsynced. "Saved" means: connected, the last write was covered,
 * and no change is waiting to be sent. Changes made offline, or sent on a
 * socket that closed before its ack, are "unsynced" until the next socket's
 * sync step 2 (which carries everything the server lacks) is sent.
 */
import type { NotSavedReason } from '@schema/wire'

export type SaveStatus = 'connecting' | 'offline' | 'offline-unsaved' | 'saving' | 'saved' | 'not-saved' | 'refused'

export class SaveTracker {
  private sent = 0
  private acked = 0
  private needAck = 0
  private unsynced = false
  private connected = false
  private everConnected = false
  private refusal: NotSavedReason | null = null
  private readonly listeners = new Set<(status: SaveStatus) => void>()

  subscribe(listener: (status: SaveStatus) => void): () => void {
    this.listeners.add(listener)
    listener(this.status)
    return () => this.listeners.delete(listener)
  }

  get status(): SaveStatus {
    const pending = this.unsynced || this.acked < this.needAck
    if (!this.connected) {
      if (!this.everConnected) return 'connecting'
      return pending ? 'offline-unsaved' : 'offline'
    }
    if (pending && (this.refusal === 'read_only' || this.refusal === 'locked')) return 'refused'
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
    this.everConnected = true
    this.emit()
  }

  socketClosed(): void {
    if (this.acked < this.needAck) this.unsynced = true
    this.connected = false
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

  /** A local change while no socket can carry it. */
  localChangeOffline(): void {
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
