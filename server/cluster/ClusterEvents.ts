/**
 * Server events (a report's status, a comment thread) for the editors
 * connected to other processes, over one Redis pub/sub channel. The process
 * where the change happened tells its own editors directly (RoomManager);
 * the others rebuild the events for theirs (a thread's events differ per
 * user, so they are rebuilt from the stored comments, not sent).
 */
import type { Redis } from 'ioredis'
import type { EventRelay, RelayedEvent } from '../collab/RoomManager'
import type { ClusterKeys } from './clusterKeys'

export interface RelayedEventHandler {
  (reportId: string, relayed: RelayedEvent): void
}

export class ClusterEvents implements EventRelay {
  private handler: RelayedEventHandler | null = null

  constructor(
    private readonly command: Redis,
    private readonly keys: ClusterKeys,
    private readonly processId: string,
  ) {}

  /** Who delivers events from other processes here (set once the rooms exist). */
  onRelayed(handler: RelayedEventHandler): void {
    this.handler = handler
  }

  publish(reportId: string, relayed: RelayedEvent): void {
    this.command.publish(this.keys.events, JSON.stringify({ p: this.processId, r: reportId, x: relayed })).catch((err: unknown) => {
      console.error(`[cluster] event for ${reportId} not relayed: ${(err as Error).message}`)
    })
  }

  receive(text: string): void {
    let msg: { p?: unknown; r?: unknown; x?: RelayedEvent }
    try {
      msg = JSON.parse(text) as typeof msg
    } catch {
      return
    }
    if (msg.p === this.processId || typeof msg.r !== 'string' || !msg.x) return
    try {
      this.handler?.(msg.r, msg.x)
    } catch (err) {
      console.error(`[cluster] relayed event for ${msg.r} failed:`, err)
    }
  }
}
