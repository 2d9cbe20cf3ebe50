/**
 * How long the event loop was blocked, measured from inside the server with
 * Node's `monitorEventLoopDelay` (a histogram of how late a 50 ms timer
 * fires; coarse enough to cost nothing while idle — a 10 ms timer was most of
 * the server's idle CPU in the benchmark — fine enough to see a 100 ms stall). One stalled tick (a huge update, a deep recursion) delays every
 * socket and request of the process, so this is the number hostile-input
 * tests hold under 100 ms, and what an operator watches.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks'

export interface EventLoopStats {
  /** Longest delay since the last reset, in milliseconds. */
  maxMs: number
  /** 99th percentile of the delays since the last reset, in milliseconds. */
  p99Ms: number
  /** Mean delay since the last reset, in milliseconds. */
  meanMs: number
  /** Milliseconds since the last reset (or the start). */
  sinceMs: number
}

export class EventLoopMonitor {
  private readonly histogram: IntervalHistogram
  private since = performance.now()

  constructor(private readonly resolutionMs = 50) {
    this.histogram = monitorEventLoopDelay({ resolution: resolutionMs })
    this.histogram.enable()
  }

  /** The histogram holds whole timer intervals (≥ resolution): report only the lateness, in ms, two decimals. */
  private late(ns: number): number {
    return Math.max(0, Math.round((ns / 1e6 - this.resolutionMs) * 100) / 100)
  }

  stats(): EventLoopStats {
    const h = this.histogram
    const empty = h.count === 0
    return {
      maxMs: empty ? 0 : this.late(h.max),
      p99Ms: empty ? 0 : this.late(h.percentile(99)),
      meanMs: empty ? 0 : this.late(h.mean),
      sinceMs: Math.round(performance.now() - this.since),
    }
  }

  reset(): void {
    this.histogram.reset()
    this.since = performance.now()
  }

  stop(): void {
    this.histogram.disable()
  }
}
