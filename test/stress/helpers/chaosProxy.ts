/**
 * A websocket proxy that plays a bad network between one client and the
 * server (both directions, each frame on its own):
 *
 * - delay: every frame waits a random 0…maxDelayMs before it is passed on;
 * - reorder: frames sent within maxDelayMs of each other can overtake each
 *   other (the small window a reordering network has; Yjs must cope);
 * - drop: a frame is lost with probability dropRate. A y-websocket
 *   connection cannot heal a lost sync frame by itself, and neither can TCP:
 *   a real lossy network stalls the stream and then kills the connection.
 *   So after a drop that direction goes silent and, a little later, both
 *   sockets are cut; the client reconnects and resyncs, as it would.
 *
 * `calm()` turns the chaos off (the network heals) so a test can end.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import WebSocket, { WebSocketServer, type RawData } from 'ws'
import type { Rng } from '../../helpers/prng'

export interface ChaosOptions {
  maxDelayMs: number
  dropRate: number
  /** How long a connection stalls after a drop before it is cut: [min, max] ms. */
  cutAfterMs: [number, number]
}

export interface ChaosStats {
  connections: number
  frames: number
  dropped: number
  cut: number
}

export class ChaosProxy {
  readonly stats: ChaosStats = { connections: 0, frames: 0, dropped: 0, cut: 0 }
  private readonly links = new Set<() => void>()
  private options: ChaosOptions

  private constructor(
    private readonly http: Server,
    private readonly wss: WebSocketServer,
    private readonly target: string,
    private readonly rng: Rng,
    options: ChaosOptions,
  ) {
    this.options = { ...options }
    // The upgrade's credential (Authorization header) goes along, like a real reverse proxy's.
    wss.on('connection', (client, req) => this.link(client, req.url ?? '/', req.headers.authorization))
  }

  /** Listens on 127.0.0.1 and forwards `ws://proxy/<path>` to `<target>/<path>` (target like `ws://127.0.0.1:8787`). */
  static async start(target: string, rng: Rng, options: ChaosOptions): Promise<ChaosProxy> {
    const http = createServer()
    const wss = new WebSocketServer({ server: http })
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
    return new ChaosProxy(http, wss, target, rng, options)
  }

  /** `ws://127.0.0.1:<port>` */
  get url(): string {
    return `ws://127.0.0.1:${(this.http.address() as AddressInfo).port}`
  }

  /** The network heals: no more delay or loss (connections already stalled are still cut). */
  calm(): void {
    this.options = { ...this.options, maxDelayMs: 0, dropRate: 0 }
  }

  /** Cuts every connection now. */
  cutAll(): void {
    for (const cut of [...this.links]) cut()
  }

  async close(): Promise<void> {
    this.cutAll()
    await new Promise<void>((resolve) => this.wss.close(() => resolve()))
    await new Promise<void>((resolve) => this.http.close(() => resolve()))
  }

  private link(client: WebSocket, path: string, authorization: string | undefined): void {
    this.stats.connections++
    const upstream = new WebSocket(this.target + path, authorization ? { headers: { authorization } } : {})
    let dead = false
    let cutTimer: NodeJS.Timeout | null = null
    const cut = () => {
      if (dead) return
      dead = true
      if (cutTimer) clearTimeout(cutTimer)
      this.links.delete(cut)
      client.terminate()
      upstream.terminate()
    }
    this.links.add(cut)
    const early: [RawData, boolean][] = []

    const pipe = (to: WebSocket) => {
      let stalled = false
      return (data: RawData, isBinary: boolean) => {
        if (dead || stalled) return
        this.stats.frames++
        if (this.rng.chance(this.options.dropRate)) {
          this.stats.dropped++
          stalled = true // nothing after a lost frame gets through, as on a stalled TCP stream
          const [min, max] = this.options.cutAfterMs
          cutTimer ??= setTimeout(() => {
            this.stats.cut++
            cut()
          }, this.rng.between(min, max))
          return
        }
        const delay = this.options.maxDelayMs > 0 ? this.rng.int(this.options.maxDelayMs + 1) : 0
        const send = () => {
          if (!dead && to.readyState === WebSocket.OPEN) to.send(data, { binary: isBinary })
        }
        if (delay === 0) send()
        else setTimeout(send, delay)
      }
    }
    const toServer = pipe(upstream)
    const toClient = pipe(client)

    client.on('message', (data, isBinary) => {
      if (upstream.readyState === WebSocket.OPEN) toServer(data, isBinary)
      else early.push([data, isBinary])
    })
    upstream.on('open', () => {
      for (const [data, isBinary] of early.splice(0)) toServer(data, isBinary)
    })
    upstream.on('message', (data, isBinary) => toClient(data, isBinary))
    // A close on either side closes the other: the server's close code reaches the client.
    upstream.on('close', (code, reason) => {
      if (dead) return
      dead = true
      this.links.delete(cut)
      if (cutTimer) clearTimeout(cutTimer)
      if (code >= 4000 || code === 1000 || code === 1001) client.close(code, reason)
      else client.terminate()
    })
    client.on('close', () => cut())
    upstream.on('error', () => cut())
    client.on('error', () => cut())
  }
}
