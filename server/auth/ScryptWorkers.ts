import { Worker } from 'node:worker_threads'

/**
 * scrypt on dedicated worker threads at the lowest CPU priority, one job per
 * thread at a time (the caller bounds how many run: passwords.ts's WorkQueue).
 *
 * Why not `crypto.scrypt` (libuv's thread pool): the pool also carries the
 * durable writes behind 已保存 (the update log's O_DSYNC writes, comments,
 * metadata) and WebCrypto's token checks, so hashes queue in front of them;
 * and a hash is ~50 ms of pure CPU that competes with the event loop on a
 * small machine. Here a hash uses no pool thread, and its thread runs at nice
 * SCRYPT_NICE (Linux: the nice value is per thread), so under CPU contention
 * the event loop and the writes go first and sign-ins wait; on an idle core
 * it runs at full speed.
 */
/** Nice value of a hashing thread: its CPU weight is ~1/10 of a normal thread's (19 would starve sign-ins on a busy shared machine). */
export const SCRYPT_NICE = 10

const WORKER = `
const NICE = ${SCRYPT_NICE}
const { parentPort } = require('node:worker_threads')
const { scryptSync } = require('node:crypto')
try { require('node:os').setPriority(0, NICE) } catch {}
parentPort.on('message', ({ password, salt, keylen, options }) => {
  try {
    parentPort.postMessage({ key: scryptSync(password, salt, keylen, options) })
  } catch (err) {
    parentPort.postMessage({ error: err instanceof Error ? err.message : String(err) })
  }
})
`

export interface ScryptParams {
  N: number
  r: number
  p: number
  maxmem: number
}

export class ScryptWorkers {
  private readonly idle: Worker[] = []
  private started = 0

  /** `derive` must not be called more than `max` times at once (the caller's queue ensures it). */
  constructor(private readonly max: number) {}

  async derive(password: string, salt: Buffer, keylen: number, options: ScryptParams): Promise<Buffer> {
    const worker = this.take()
    try {
      const reply = await new Promise<{ key?: Uint8Array; error?: string }>((resolve, reject) => {
        const onExit = (code: number) => reject(new Error(`scrypt worker exited (${code})`))
        worker.once('exit', onExit)
        worker.once('error', reject)
        worker.once('message', (m: { key?: Uint8Array; error?: string }) => {
          worker.off('exit', onExit)
          worker.off('error', reject)
          resolve(m)
        })
        worker.postMessage({ password, salt, keylen, options })
      })
      this.idle.push(worker)
      if (reply.error !== undefined || !reply.key) throw new Error(reply.error ?? 'scrypt failed')
      return Buffer.from(reply.key.buffer, reply.key.byteOffset, reply.key.byteLength)
    } catch (err) {
      if (!this.idle.includes(worker)) {
        // A worker that failed is replaced by a fresh one on the next call.
        this.started--
        void worker.terminate()
      }
      throw err
    }
  }

  private take(): Worker {
    const worker = this.idle.pop()
    if (worker) return worker
    if (this.started >= this.max) throw new Error('more scrypt jobs than workers: the caller must bound them')
    this.started++
    // No Node flags (no tsx loader): the worker is plain JavaScript. unref: idle workers do not keep the process alive.
    const fresh = new Worker(WORKER, { eval: true, execArgv: [] })
    fresh.unref()
    return fresh
  }

  async close(): Promise<void> {
    await Promise.all(this.idle.splice(0).map((w) => w.terminate()))
    this.started = 0
  }
}
