/**
 * One blocking XREAD per process over the streams of the reports it has
 * open, on its own connection: entries other processes appended reach this
 * process's rooms in stream order. A report that opens interrupts the
 * blocked read (CLIENT UNBLOCK) so its stream is read from then on.
 */
import type { Redis } from 'ioredis'
import type { ClusterKeys } from './clusterKeys'

export type StreamEntry =
  | { id: string; kind: 'update'; update: Uint8Array; origin: string; writer: string }
  | { id: string; kind: 'control'; status: string; ver: number; origin: string }
  /** Written by a compactor just before it trims: entries older than `bound` are gone. */
  | { id: string; kind: 'trim'; bound: string }

export interface StreamWatcher {
  /** The id of the last entry this watcher has; reading continues after it. */
  lastId: string
  /** `before`: the watcher's lastId before these entries (a trim past it means entries were missed). */
  onEntries(entries: StreamEntry[], before: string): void
}

const BLOCK_MS = 5000
const COUNT = 1000

export function parseEntry(id: string, raw: Buffer[]): StreamEntry | null {
  const fields = new Map<string, Buffer>()
  for (let i = 0; i + 1 < raw.length; i += 2) fields.set(raw[i]!.toString(), raw[i + 1]!)
  const kind = fields.get('k')?.toString()
  const origin = fields.get('o')?.toString() ?? ''
  if (kind === 'u') {
    const update = fields.get('u')
    if (!update) return null
    return { id, kind: 'update', update: new Uint8Array(update.buffer, update.byteOffset, update.byteLength), origin, writer: fields.get('w')?.toString() ?? '' }
  }
  if (kind === 'c') return { id, kind: 'control', status: fields.get('s')?.toString() ?? '', ver: Number(fields.get('v')?.toString() ?? '0'), origin }
  if (kind === 't') return { id, kind: 'trim', bound: fields.get('b')?.toString() ?? '0-0' }
  return null
}

export class StreamReader {
  private readonly watched = new Map<string, StreamWatcher>()
  private blockingId: number | null = null
  private stopped = false
  private wake: (() => void) | null = null
  private running: Promise<void> | null = null
  /** Bumped by watch(); the loop notes the generation each read was built from. */
  private generation = 0
  private readGeneration = 0
  /** Reads completed, for tests. */
  reads = 0

  constructor(
    private readonly blocking: Redis,
    private readonly command: Redis,
    private readonly keys: ClusterKeys,
  ) {}

  start(): void {
    this.running ??= this.loop()
  }

  watch(reportId: string, watcher: StreamWatcher): void {
    this.watched.set(reportId, watcher)
    const wanted = ++this.generation
    this.interrupt()
    // UNBLOCK travels on another connection: it may reach Redis before the read
    // it should end. Repeat until a read that includes this stream has started.
    const retry = (left: number) => {
      if (left === 0 || this.stopped || this.readGeneration >= wanted) return
      this.interrupt()
      setTimeout(() => retry(left - 1), 20).unref()
    }
    setTimeout(() => retry(25), 20).unref()
  }

  unwatch(reportId: string, watcher: StreamWatcher): void {
    if (this.watched.get(reportId) === watcher) this.watched.delete(reportId)
  }

  async stop(): Promise<void> {
    this.stopped = true
    this.interrupt()
    await this.running
  }

  private interrupt(): void {
    if (this.wake) {
      this.wake()
      this.wake = null
    } else if (this.blockingId !== null) {
      void this.command.client('UNBLOCK', this.blockingId).catch(() => undefined)
    }
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      if (this.watched.size === 0) {
        await new Promise<void>((resolve) => (this.wake = resolve))
        continue
      }
      this.readGeneration = this.generation
      const entries = [...this.watched]
      const streams = entries.map(([id]) => this.keys.stream(id))
      const ids = entries.map(([, w]) => w.lastId)
      try {
        this.blockingId ??= (await this.blocking.client('ID')) as number
        const reply = await this.blocking.xreadBuffer('COUNT', COUNT, 'BLOCK', BLOCK_MS, 'STREAMS', ...streams, ...ids)
        this.reads++
        if (!reply) continue
        for (const [keyBuf, items] of reply) {
          const index = streams.indexOf(keyBuf.toString())
          const [reportId, watcher] = entries[index] ?? []
          if (!reportId || !watcher || this.watched.get(reportId) !== watcher) continue
          const parsed: StreamEntry[] = []
          const before = watcher.lastId
          for (const [idBuf, raw] of items) {
            const entry = parseEntry(idBuf.toString(), raw)
            if (entry) parsed.push(entry)
            watcher.lastId = idBuf.toString()
          }
          if (parsed.length > 0) {
            try {
              watcher.onEntries(parsed, before)
            } catch (err) {
              console.error(`[cluster] report ${reportId}: applying stream entries failed:`, err)
            }
          }
        }
      } catch (err) {
        if (this.stopped) break
        // UNBLOCK answers the blocked read with a nil reply, not an error; an error is Redis away: retry shortly.
        this.blockingId = null
        console.error(`[cluster] stream read failed, retrying: ${(err as Error).message}`)
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, 200)
          t.unref()
          this.wake = () => {
            clearTimeout(t)
            resolve()
          }
        })
        this.wake = null
      }
    }
  }
}
