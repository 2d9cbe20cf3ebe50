/**
 * Bookkeeping shared by the typing scenarios (fan-out, saturation, many
 * rooms): which keystroke was sent when and by whom, its arrival at every
 * other client (document update and cursor), the server's acknowledgements,
 * and the CPU every party used during the measured window.
 */
import { performance } from 'node:perf_hooks'
import { awarenessKey, structKey, type ClientHooks, type LightClient } from './client'
import { cpuMs, systemCpu, threadsCpuMs } from './proc'
import { distribution, percentile, round, type Distribution } from './stats'
import type { Keystroke } from './typing'

interface Sent {
  t: number
  sender: LightClient
  measured: boolean
}

export class DeliveryTracker {
  private readonly sent = new Map<string, Sent>()
  readonly latencies: number[] = []
  readonly awarenessLatencies: number[] = []
  /** Acknowledgement latencies: ours MESSAGE_SAVED (fsynced), Hocuspocus SyncStatus (applied in memory). */
  readonly ackLatencies: number[] = []
  deliveries = 0
  awarenessDeliveries = 0
  /** Keystrokes sent inside the window, and the deliveries they should cause. */
  measured = 0
  expected = 0
  private readonly pendingAcks = new Map<LightClient, { index: number; t: number }[]>()

  readonly hooks: ClientHooks = {
    onUpdate: (client, update, t) => {
      const key = structKey(update)
      const s = key && this.sent.get(key)
      if (!s || s.sender === client || !s.measured) return
      this.deliveries++
      this.latencies.push(t - s.t)
    },
    onAwareness: (client, update, t) => {
      const key = awarenessKey(update)
      const s = key && this.sent.get(key)
      if (!s || s.sender === client || !s.measured) return
      this.awarenessDeliveries++
      this.awarenessLatencies.push(t - s.t)
    },
    onSaved: (client, count, t) => this.acked(client, count, t),
    onApplied: (client, t) => this.acked(client, client.applied, t),
  }

  private acked(client: LightClient, covered: number, t: number): void {
    const queue = this.pendingAcks.get(client)
    while (queue && queue.length > 0 && queue[0]!.index <= covered) this.ackLatencies.push(t - queue.shift()!.t)
  }

  /** A keystroke sent by `sender`; `receivers` other clients should get it. */
  record(ks: Keystroke, sender: LightClient, measured: boolean, receivers: number): void {
    this.sent.set(ks.key, { t: ks.t, sender, measured })
    if (ks.akey) this.sent.set(ks.akey, { t: ks.ta, sender, measured })
    if (!measured) return
    this.measured++
    this.expected += receivers
    let queue = this.pendingAcks.get(sender)
    if (!queue) this.pendingAcks.set(sender, (queue = []))
    queue.push({ index: ks.writeIndex, t: ks.t })
  }

  get missing(): number {
    return Math.max(0, this.expected - this.deliveries)
  }

  /** p99 counting every missing delivery as infinitely late (for the saturation search). */
  p99WithMissing(): number {
    if (this.missing === 0) return percentile(this.latencies, 99)
    return percentile([...this.latencies, ...Array<number>(this.missing).fill(Number.POSITIVE_INFINITY)], 99)
  }

  summary(): { latency: Distribution; awarenessLatency: Distribution; ackLatency: Distribution | null } {
    return {
      latency: distribution(this.latencies),
      awarenessLatency: distribution(this.awarenessLatencies),
      ackLatency: this.ackLatencies.length > 0 ? distribution(this.ackLatencies) : null,
    }
  }
}

export interface WindowStats {
  wallMs: number
  serverCpuMs: number
  /** The server's main (JS) thread and its other threads (libuv pool: file writes + fsync; V8 helpers). */
  mainThreadMs: number
  otherThreadsMs: number
  serverCpuPct: number
  /**
   * CPU used on the machine during the window by anything but the server and
   * the load generator (other processes, kernel threads), % of one CPU, and
   * hypervisor steal.
   */
  foreignCpuPct: number
  stealPct: number
  /** Load generator: event-loop utilisation and CPU share. */
  generatorElu: number
  generatorCpuPct: number
}

/** Starts measuring a window; call the result to end it. */
export function measureWindow(serverPid: number): () => WindowStats {
  const cpu0 = cpuMs(serverPid)
  const threads0 = threadsCpuMs(serverPid)
  const sys0 = systemCpu()
  const wall0 = performance.now()
  const gen0 = process.cpuUsage()
  const elu0 = performance.eventLoopUtilization()
  return () => {
    const serverCpu = cpuMs(serverPid) - cpu0
    const threads1 = threadsCpuMs(serverPid)
    const wall = performance.now() - wall0
    const gen = process.cpuUsage(gen0)
    const sys1 = systemCpu()
    const foreign = sys1.busyMs - sys0.busyMs - serverCpu - (gen.user + gen.system) / 1000
    return {
      wallMs: round(wall, 1),
      serverCpuMs: round(serverCpu, 1),
      mainThreadMs: round(threads1.main - threads0.main, 1),
      otherThreadsMs: round(threads1.others - threads0.others, 1),
      serverCpuPct: round((serverCpu / wall) * 100, 1),
      foreignCpuPct: round(Math.max(0, (foreign / wall) * 100), 1),
      stealPct: round(((sys1.stealMs - sys0.stealMs) / wall) * 100, 1),
      generatorElu: round(performance.eventLoopUtilization(elu0).utilization, 3),
      generatorCpuPct: round(((gen.user + gen.system) / 1000 / wall) * 100, 1),
    }
  }
}
