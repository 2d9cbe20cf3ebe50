/**
 * Background work on a report (KPI recompute, autosnapshots) runs in one
 * process of the cluster, not in every process that has the report open: the
 * one holding the report's work lease in Redis. Each process tries to take
 * the lease of every report it has open and renews the ones it holds; when
 * the holder dies or closes the report, the lease expires or is released
 * and another process with the report open takes it at its next try.
 */
import type { Redis } from 'ioredis'
import type { RoomHooks } from '../collab/Room'
import type { ClusterKeys } from './clusterKeys'
import type { ClusterScripts } from './redisScripts'

export class ReportLeases implements RoomHooks {
  private readonly open = new Set<string>()
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

  start(): void {
    this.timer = setInterval(() => void this.sweep(), Math.max(100, Math.floor(this.leaseMs / 3)))
    this.timer.unref()
  }

  onLoad({ room }: { room: { id: string } }): void {
    this.open.add(room.id)
    void this.tryTake(room.id)
  }

  onClose({ room }: { room: { id: string } }): void {
    this.open.delete(room.id)
    if (this.held.delete(room.id)) void this.scripts.release(this.keys.workLease(room.id), this.processId).catch(() => undefined)
  }

  private async tryTake(reportId: string): Promise<void> {
    const key = this.keys.workLease(reportId)
    try {
      const ok = this.held.has(reportId)
        ? (await this.scripts.renew(key, this.processId, this.leaseMs)) === 1
        : (await this.redis.set(key, this.processId, 'PX', this.leaseMs, 'NX')) === 'OK'
      if (ok && this.open.has(reportId)) this.held.add(reportId)
      else this.held.delete(reportId)
    } catch {
      // Redis away: stop the work rather than risk two processes doing it.
      this.held.delete(reportId)
    }
  }

  private async sweep(): Promise<void> {
    await Promise.all([...this.open].map((id) => this.tryTake(id)))
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    await Promise.all([...this.held].map((id) => this.scripts.release(this.keys.workLease(id), this.processId).catch(() => undefined)))
    this.held.clear()
  }
}
