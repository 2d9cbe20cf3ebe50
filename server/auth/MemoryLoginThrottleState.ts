/**
 * The embedded LoginThrottleState: failure counters in this process's
 * memory, at most maxEntries per kind (the least recently failed are dropped
 * first, expired ones before them).
 */
import type { LoginThrottlePolicy, LoginThrottleState } from './LoginThrottleState'

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
    private readonly o: Pick<LoginThrottlePolicy, 'baseDelayMs' | 'maxDelayMs' | 'forgetAfterMs' | 'maxEntries'>,
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

export class MemoryLoginThrottleState implements LoginThrottleState {
  private readonly accounts: Counters
  private readonly addresses: Counters

  constructor(policy: LoginThrottlePolicy) {
    this.accounts = new Counters(policy.freeFailuresPerAccount, policy)
    this.addresses = new Counters(policy.freeFailuresPerAddress, policy)
  }

  waitMs(account: string, address: string, now: number): number {
    return Math.max(this.accounts.waitMs(account, now), this.addresses.waitMs(address, now))
  }

  failed(account: string, address: string, now: number): void {
    this.accounts.fail(account, now)
    this.addresses.fail(address, now)
  }

  succeeded(account: string): void {
    this.accounts.clear(account)
  }

  size(): { accounts: number; addresses: number } {
    return { accounts: this.accounts.size, addresses: this.addresses.size }
  }
}
