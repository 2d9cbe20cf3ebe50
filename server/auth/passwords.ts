import { randomBytes, timingSafeEqual } from 'node:crypto'
import { ScryptWorkers } from './ScryptWorkers'
import { WorkQueue } from './WorkQueue'

/** scrypt cost: N = 2^15, r = 8, p = 1 (about 32 MiB and ~50 ms per hash). */
const N = 32768
const R = 8
const P = 1
const KEYLEN = 32
const MAXMEM = 64 * 1024 * 1024

/**
 * Every scrypt of the process goes through this queue: at most `concurrency`
 * hash at once, on their own low-priority threads (ScryptWorkers: no libuv
 * pool thread, so the durable writes behind 已保存 and the token checks never
 * queue behind a hash); the rest wait in a bounded queue or get 503 +
 * Retry-After. A login flood then costs sign-ins their speed, not everyone
 * their saves.
 */
let queue = new WorkQueue(1, 32)
let workers = new ScryptWorkers(1)
let scryptRuns = 0

/** Sets the bound (at boot, from PASSWORD_HASH_CONCURRENCY and PASSWORD_HASH_QUEUE). */
export function limitPasswordHashing(concurrency: number, maxWaiting: number): void {
  void workers.close()
  queue = new WorkQueue(concurrency, maxWaiting)
  workers = new ScryptWorkers(concurrency)
}

/** scrypt calls so far, and the queue now (tests count hashes with it). */
export function passwordHashingStats(): { scryptRuns: number; active: number; waiting: number } {
  return { scryptRuns, ...queue.stats() }
}

/**
 * `beforeHashing` runs once the job has a slot, just before scrypt: it may
 * throw to give the slot back without hashing (the login throttle checks
 * again there, as earlier attempts may have failed while this one waited).
 * It may also return a promise (a throttle shared through Redis): scrypt
 * then starts once it resolves, and not at all if it rejects.
 */
function derive(password: string, salt: Buffer, n: number, r: number, p: number, beforeHashing?: () => void | Promise<void>): Promise<Buffer> {
  return queue.run(() => {
    const hash = () => {
      scryptRuns++
      return workers.derive(password.normalize('NFC'), salt, KEYLEN, { N: n, r, p, maxmem: MAXMEM })
    }
    const checking = beforeHashing?.()
    return checking ? checking.then(hash) : hash()
  })
}

/** `scrypt$N$r$p$salt$hash`, base64url parts. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await derive(password, salt, N, R, P)
  return ['scrypt', N, R, P, salt.toString('base64url'), key.toString('base64url')].join('$')
}

export async function verifyPassword(password: string, stored: string, options: { beforeHashing?: () => void | Promise<void> } = {}): Promise<boolean> {
  const [alg, n, r, p, salt, hash] = stored.split('$')
  if (alg !== 'scrypt' || !n || !r || !p || !salt || !hash) return false
  const expected = Buffer.from(hash, 'base64url')
  const key = await derive(password, Buffer.from(salt, 'base64url'), Number(n), Number(r), Number(p), options.beforeHashing)
  return key.length === expected.length && timingSafeEqual(key, expected)
}
