/**
 * Where the login throttle (LoginThrottle.ts) keeps its failure counters,
 * per account name and per client address. Two implementations:
 * MemoryLoginThrottleState (one process: the embedded default, synchronous)
 * and RedisLoginThrottleState (cluster mode: counters shared by every
 * process, so a guesser cannot round-robin past the throttle). The policy
 * (free failures, backoff) is the throttle's; the state applies it where
 * the counters live, so an increment and its new wait are one atomic step.
 */

export interface LoginThrottlePolicy {
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
  /** Counters kept per kind (memory only; Redis keys expire after forgetAfterMs instead). */
  maxEntries: number
}

export interface LoginThrottleState {
  /** Milliseconds until both the account and the address may try again (0: now). */
  waitMs(account: string, address: string, now: number): number | Promise<number>
  /** Counts a failure of the account and of the address. */
  failed(account: string, address: string, now: number): void | Promise<void>
  /** Clears the account's counter (not the address's). */
  succeeded(account: string): void | Promise<void>
  /** Counters held (memory only: tests, and to show the memory stays bounded). */
  size?(): { accounts: number; addresses: number }
}

export type LoginThrottleStateFactory = (policy: LoginThrottlePolicy) => LoginThrottleState
