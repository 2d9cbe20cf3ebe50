/**
 * Background work on a report (KPI recompute, autosnapshots) runs in one
 * process of the cluster, not in every process that has the report open: the
 * one holding the report's work lease in Redis. Each process tries to take
 * the lease of every report it has open and renews the ones it holds; when
 * the holder dies or closes the report, the lease expires or is released
 * and another process with the report open takes it at its next try.
 */
import type { Redis } from 'ioredis'
import type { Room, RoomHooks } from '../collab/Room'
import { runReportTask } from '../reports/runReportTask'
import type { ClusterKeys } from './clusterKeys'
import type { ClusterScripts } from './redisScripts'

export class ReportLeases implements RoomHooks {
  private readonly open = new Map<string, Room>()
  private taken: ((room: Room) => void) | null = null
  private readonly held = new Set<string>()
  private timer: NodeJS.Timeout | null = null

  constructor(
    private readonly redis: Redis,
    private readonly scripts: ClusterScripts,
    private readonly keys: ClusterKeys,
    private readonly processId: string,
    private readonly leaseMs: number,
  ) {}

  /** Whether this process does the report's background work now. */
  holds(reportId: string): boolean {
    return this.held.has(reportId)
  }

  /** Called when this process takes a report's lease: work skipped before (a room loaded elsewhere first) is done now. */
  onTaken(listener: (room: Room) => void): void {
    this.taken = listener
  }

  start(): void {
    this.timer = setInterval(() => void this.sweep(), Math.max(100, Math.floor(this.leaseMs / 3)))
    this.timer.unref()
  }

  /**
   * Tries to take the lease before the report's room is built (the store
   * calls it while opening the report), so the room's first work (its KPI
   * values at load) already knows whether it runs here.
   */
  async prepare(reportId: string): Promise<void> {
    try {
      if ((await this.redis.set(this.keys.workLease(reportId), this.processId, 'PX', this.leaseMs, 'NX')) === 'OK') this.held.add(reportId)
    } catch {
      // Redis away: the sweep tries again.
    }
  }

  onLoad({ room }: { room: Room }): void {
    this.open.set(room.id, room)
    if (!this.held.has(room.id)) void this.tryTake(room.id)
  }

  onClose({ room }: { room: Room }): void {
    this.open.delete(room.id)
    if (this.held.delete(room.id)) void this.scripts.release(this.keys.workLease(room.id), this.processId).catch(() => undefined)
  }

  private async tryTake(reportId: string): Promise<void> {
    const key = this.keys.workLease(reportId)
    try {
      const ok = this.held.has(reportId)
        ? (await this.scripts.renew(key, this.processId, this.leaseMs)) === 1
        : (await this.redis.set(key, this.processId, 'PX', this.leaseMs, 'NX')) === 'OK'
      const room = this.open.get(reportId)
      if (ok && room) {
        const before = this.held.has(reportId)
        this.held.add(reportId)
        if (!before && this.taken) runReportTask(reportId, 'lease taken', () => this.taken!(room))
      } else this.held.delete(reportId)
    } catch {
      // Redis away: stop the work rather than risk two processes doing it.
      this.held.delete(reportId)
    }
  }

  private async sweep(): Promise<void> {
    // A lease taken for a room that then failed to load is given back.
    for (const id of [...this.held]) {
      if (this.open.has(id)) continue
      this.held.delete(id)
      await this.scripts.release(this.keys.workLease(id), this.processId).catch(() => undefined)
    }
    await Promise.all([...this.open.keys()].map((id) => this.tryTake(id)))
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    await Promise.all([...this.held].map((id) => this.scripts.release(this.keys.workLease(id), this.processId).catch(() => undefined)))
    this.held.clear()
  }
}
