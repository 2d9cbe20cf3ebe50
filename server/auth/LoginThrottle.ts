import { RetryLaterError } from '../errors'

export interface LoginThrottleOptions {
  /** Failed attempts per account that may follow each other without waiting; the next one waits. */
  freeFailuresPerAccount: number
  /** The same per client address (any accounts). */
  freeFailuresPerAddress: number
  /** Wait after the last free failure; doubles with each further failure. */
  baseDelayMs: number
  /** Longest wait. */
  maxDelayMs: number
  /** A counter is forgotten this long after its last failure. */
  forgetAfterMs: number
  /** Counters kept per kind; beyond it the least recently failed are dropped (expired ones first). */
  maxEntries?: number
  /**
   * How long a refused attempt (429 here, or 503 from the hashing queue) is held before it is answered,
   * at most its Retry-After. A client that retries as soon as it is answered then makes one attempt per
   * this delay per connection, instead of keeping the event loop busy with refusals.
   */
  refusalDelayMs?: number
  /** Injectable clock (tests). */
  now?: () => number
}

interface Counter {
  failures: number
  lastFailureAt: number
  blockedUntil: number
}

/** Failure counters by key (an account name, or a client address), least recently failed first. */
class Counters {
  private readonly map = new Map<string, Counter>()

  constructor(
    private readonly free: number,
    private readonly o: Required<Pick<LoginThrottleOptions, 'baseDelayMs' | 'maxDelayMs' | 'forgetAfterMs' | 'maxEntries'>>,
  ) {}

  /** Milliseconds until `key` may try again (0: now). */
  waitMs(key: string, now: number): number {
    const c = this.live(key, now)
    return c ? Math.max(0, c.blockedUntil - now) : 0
  }

  fail(key: string, now: number): void {
    const c = this.live(key, now) ?? { failures: 0, lastFailureAt: now, blockedUntil: 0 }
    c.failures++
    c.lastFailureAt = now
    // `free` attempts may fail back to back; from the free-th failure on, each one makes the next attempt
    // wait baseDelay · 2^(failures − free), capped (2^n overflows to Infinity for huge counts; Math.min caps it).
    const over = c.failures - this.free
    c.blockedUntil = over >= 0 ? now + Math.min(this.o.maxDelayMs, this.o.baseDelayMs * 2 ** over) : 0
    this.map.delete(key) // re-inserted last: the map stays ordered by last failure
    this.map.set(key, c)
    this.prune(now)
  }

  clear(key: string): void {
    this.map.delete(key)
  }

  get size(): number {
    return this.map.size
  }

  private live(key: string, now: number): Counter | undefined {
    const c = this.map.get(key)
    if (c && now - c.lastFailureAt >= this.o.forgetAfterMs) {
      this.map.delete(key)
      return undefined
    }
    return c
  }

  private prune(now: number): void {
    // Oldest first: drop the expired, then (a spray of names or addresses) the least recent beyond the cap.
    for (const [key, c] of this.map) {
      if (now - c.lastFailureAt < this.o.forgetAfterMs && this.map.size <= this.o.maxEntries) break
      this.map.delete(key)
    }
  }
}

/**
 * Exponential backoff for failed logins, per account and per client address:
 * after `free` failures in a row, that account (or address) waits baseDelay
 * before the next attempt is even checked, and each further failure doubles
 * the wait, up to maxDelay. A throttled attempt is answered 429 + Retry-After without running
 * scrypt (check it before hashing, and again once a hashing slot is free). A
 * success clears the account's counter, not the address's (an attacker with
 * an account of their own must not wipe their address's record by signing in).
 */
export class LoginThrottle {
  private readonly accounts: Counters
  private readonly addresses: Counters
  private readonly now: () => number
  readonly refusalDelayMs: number

  constructor(options: LoginThrottleOptions) {
    const o = { maxEntries: 100_000, ...options }
    this.accounts = new Counters(o.freeFailuresPerAccount, o)
    this.addresses = new Counters(o.freeFailuresPerAddress, o)
    this.now = o.now ?? Date.now
    this.refusalDelayMs = o.refusalDelayMs ?? 0
  }

  /** Throws 429 with Retry-After (seconds) while the account or the address must wait. */
  assertAllowed(account: string, address: string): void {
    const now = this.now()
    const wait = Math.max(this.accounts.waitMs(account, now), this.addresses.waitMs(address, now))
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000)
      throw new RetryLaterError(429, 'too_many_attempts', `Too many failed sign-ins; try again in ${seconds} s.`, seconds)
    }
  }

  failed(account: string, address: string): void {
    const now = this.now()
    this.accounts.fail(account, now)
    this.addresses.fail(address, now)
  }

  succeeded(account: string): void {
    this.accounts.clear(account)
  }

  /** Counters held (tests, and to show the memory stays bounded). */
  size(): { accounts: number; addresses: number } {
    return { accounts: this.accounts.size, addresses: this.addresses.size }
  }
}
