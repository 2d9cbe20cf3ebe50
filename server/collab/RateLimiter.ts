/**
 * A token bucket per connection: `perSecond` messages on average, bursts of
 * up to `burst` (a reconnect sends step 1, step 2 and awareness at once; a
 * fast typist sends an update and a cursor per keystroke). One number and a
 * timestamp per connection, no timers.
 */
export class RateLimiter {
  private tokens: number
  private last: number

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    now = performance.now(),
  ) {
    this.tokens = burst
    this.last = now
  }

  /** Takes one token; false when the connection is over its rate. */
  take(now = performance.now()): boolean {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.perSecond) / 1000)
    this.last = now
    if (this.tokens < 1) return false
    this.tokens -= 1
    return true
  }
}
