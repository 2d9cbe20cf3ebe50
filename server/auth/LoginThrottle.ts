import { RetryLaterError } from '../errors'
import type { LoginThrottleStateFactory, LoginThrottleState } from './LoginThrottleState'
import { MemoryLoginThrottleState } from './MemoryLoginThrottleState'

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
  /** Where the counters live: this process's memory when omitted; Redis in cluster mode (RedisLoginThrottleState). */
  state?: LoginThrottleStateFactory
}

/**
 * Exponential backoff for failed logins, per account and per client address:
 * after `free` failures in a row, that account (or address) waits baseDelay
 * before the next attempt is even checked, and each further failure doubles
 * the wait, up to maxDelay. A throttled attempt is answered 429 + Retry-After without running
 * scrypt (check it before hashing, and again once a hashing slot is free). A
 * success clears the account's counter, not the address's (an attacker with
 * an account of their own must not wipe their address's record by signing in).
 *
 * The counters live in a LoginThrottleState: in memory, every method is
 * synchronous (as it always was); with a shared state (Redis) they return
 * promises, and a state that cannot be reached refuses (503), never allows.
 */
export class LoginThrottle {
  private readonly state: LoginThrottleState
  private readonly now: () => number
  readonly refusalDelayMs: number

  constructor(options: LoginThrottleOptions) {
    const o = { maxEntries: 100_000, ...options }
    this.state = (o.state ?? ((policy) => new MemoryLoginThrottleState(policy)))(o)
    this.now = o.now ?? Date.now
    this.refusalDelayMs = o.refusalDelayMs ?? 0
  }

  /** Throws (or rejects with) 429 with Retry-After (seconds) while the account or the address must wait. */
  assertAllowed(account: string, address: string): void | Promise<void> {
    const wait = this.state.waitMs(account, address, this.now())
    return typeof wait === 'number' ? refuseWhileWaiting(wait) : wait.then(refuseWhileWaiting)
  }

  failed(account: string, address: string): void | Promise<void> {
    return this.state.failed(account, address, this.now())
  }

  succeeded(account: string): void | Promise<void> {
    return this.state.succeeded(account)
  }

  /** Counters held (tests, and to show the memory stays bounded); undefined for a shared state. */
  size(): { accounts: number; addresses: number } | undefined {
    return this.state.size?.()
  }
}

function refuseWhileWaiting(wait: number): void {
  if (wait > 0) {
    const seconds = Math.ceil(wait / 1000)
    throw new RetryLaterError(429, 'too_many_attempts', `Too many failed sign-ins; try again in ${seconds} s.`, seconds)
  }
}
