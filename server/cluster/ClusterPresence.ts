/**
 * Awareness (cursors, who is here) across processes, over Redis pub/sub,
 * never through the stream. Each process publishes the entries of its own
 * clients on the report's channel; the others apply them to their room and
 * send them to their clients. A process that opens a report asks the others
 * for their current entries. Every process renews a heartbeat key; when one
 * expires (the process died), the others remove its clients' entries, so
 * its cursors leave every screen within PROCESS_HEARTBEAT_TTL_MS + a sweep.
 */
import type { Redis } from 'ioredis'
import type { AwarenessEntry } from '../collab/AwarenessTable'
import type { Room, RoomHooks } from '../collab/Room'
import type { ClusterKeys } from './clusterKeys'

interface PresenceMessage {
  /** Sending process. */
  p: string
  /** Entries of its clients. */
  e?: AwarenessEntry[]
  /** A query: send me your entries. */
  q?: 1
}

export class ClusterPresence implements RoomHooks {
  private readonly rooms = new Map<string, Room>()
  private heartbeat: NodeJS.Timeout | null = null
  private sweeper: NodeJS.Timeout | null = null

  constructor(
    private readonly command: Redis,
    private readonly subscriber: Redis,
    private readonly keys: ClusterKeys,
    private readonly processId: string,
    private readonly ttlMs: number,
  ) {}

  async start(): Promise<void> {
    await this.beat()
    this.heartbeat = setInterval(() => void this.beat(), Math.max(100, Math.floor(this.ttlMs / 3)))
    this.heartbeat.unref()
    this.sweeper = setInterval(() => void this.sweep(), Math.max(100, Math.floor(this.ttlMs / 2)))
    this.sweeper.unref()
  }

  /** Called by the subscriber's dispatcher for a message on an awareness channel. */
  receive(channel: string, text: string): void {
    const room = this.rooms.get(channel)
    if (!room) return
    let msg: PresenceMessage
    try {
      msg = JSON.parse(text) as PresenceMessage
    } catch {
      return
    }
    if (typeof msg.p !== 'string' || msg.p === this.processId) return
    if (msg.q) {
      const entries = room.localAwareness()
      if (entries.length > 0) this.send(room.id, { p: this.processId, e: entries })
    }
    if (Array.isArray(msg.e)) room.applyRemoteAwareness(msg.p, msg.e.filter(isEntry))
  }

  onLoad({ room }: { room: Room }): void {
    const channel = this.keys.awareness(room.id)
    this.rooms.set(channel, room)
    void this.subscriber
      .subscribe(channel)
      .then(() => this.send(room.id, { p: this.processId, q: 1 }))
      .catch((err: unknown) => console.error(`[cluster] awareness of ${room.id}: subscribe failed:`, (err as Error).message))
  }

  onClose({ room }: { room: Room }): void {
    const channel = this.keys.awareness(room.id)
    if (this.rooms.get(channel) !== room) return
    this.rooms.delete(channel)
    void this.subscriber.unsubscribe(channel).catch(() => undefined)
  }

  onAwareness({ room, entries }: { room: Room; entries: AwarenessEntry[] }): void {
    this.send(room.id, { p: this.processId, e: entries })
  }

  /** Channels this presence listens on (for the dispatcher). */
  owns(channel: string): boolean {
    return this.rooms.has(channel)
  }

  private send(reportId: string, msg: PresenceMessage): void {
    // Presence is best effort: a lost message is repaired by the next renewal (every 15 s).
    this.command.publish(this.keys.awareness(reportId), JSON.stringify(msg)).catch(() => undefined)
  }

  private async beat(): Promise<void> {
    await this.command.set(this.keys.process(this.processId), String(Date.now()), 'PX', this.ttlMs).catch(() => undefined)
  }

  /** Removes the entries of processes whose heartbeat expired. */
  private async sweep(): Promise<void> {
    const pids = new Set<string>()
    for (const room of this.rooms.values()) for (const pid of room.remoteProcesses()) pids.add(pid)
    for (const pid of pids) {
      let alive: number
      try {
        alive = await this.command.exists(this.keys.process(pid))
      } catch {
        return // Redis away: nobody is declared dead for it
      }
      if (alive === 0) for (const room of this.rooms.values()) room.removeRemoteProcess(pid)
    }
  }

  async stop(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat)
    if (this.sweeper) clearInterval(this.sweeper)
    await this.command.del(this.keys.process(this.processId)).catch(() => undefined)
  }
}

function isEntry(e: unknown): e is AwarenessEntry {
  return Array.isArray(e) && e.length === 3 && Number.isSafeInteger(e[0]) && Number.isSafeInteger(e[1]) && typeof e[2] === 'string'
}
