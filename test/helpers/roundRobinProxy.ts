/**
 * A round-robin TCP proxy for cluster tests: each new connection goes to the
 * next backend port in turn, like a load balancer without sticky sessions.
 * A backend that refuses (its process was killed) is skipped, so a client
 * that reconnects lands on one of the others. When either side of a piped
 * connection closes, the other is closed too: a killed backend's clients see
 * their sockets drop at once and reconnect through the proxy.
 */
import { connect, createServer, type Server, type Socket } from 'node:net'

export interface BackendCounts {
  /** Connections handed to this backend so far. */
  total: number
  /** Of those, still open. */
  open: number
  /** Connection attempts this backend refused (skipped to the next). */
  refused: number
}

export interface RoundRobinProxy {
  port: number
  /** `http://127.0.0.1:<port>` */
  url: string
  /** `ws://127.0.0.1:<port>/collab`, the collaboration endpoint behind the proxy. */
  wsUrl: string
  /** Backends for new connections (open ones stay where they are). */
  setBackends(ports: number[]): void
  backends(): number[]
  /** Counts per backend port (also ports no longer in the list, if they were used). */
  counts(): Map<number, BackendCounts>
  /** The backend port an open or past connection from the client's local `port` went to. */
  backendOf(clientPort: number): number | undefined
  /** Closes every open connection to `backendPort` (both sides), as a dropped network would. */
  dropConnections(backendPort: number): void
  /** Stops listening and closes every open connection. */
  close(): Promise<void>
}

const CONNECT_TIMEOUT_MS = 2000

export async function startRoundRobinProxy(backendPorts: number[], host = '127.0.0.1'): Promise<RoundRobinProxy> {
  let backends = [...backendPorts]
  let next = 0
  const counts = new Map<number, BackendCounts>()
  const byClientPort = new Map<number, number>()
  const open = new Map<number, Set<Socket>>()
  const countsOf = (port: number): BackendCounts => {
    let c = counts.get(port)
    if (!c) counts.set(port, (c = { total: 0, open: 0, refused: 0 }))
    return c
  }

  /** Connects to the first backend that accepts, starting at the next in turn; null when all refuse. */
  async function connectNext(): Promise<{ port: number; socket: Socket } | null> {
    const list = backends
    for (let tried = 0; tried < list.length; tried++) {
      const port = list[next++ % list.length]!
      const socket = await new Promise<Socket | null>((resolve) => {
        const s = connect({ port, host })
        const timer = setTimeout(() => {
          s.destroy()
          resolve(null)
        }, CONNECT_TIMEOUT_MS)
        s.once('connect', () => {
          clearTimeout(timer)
          s.removeAllListeners('error')
          resolve(s)
        })
        s.once('error', () => {
          clearTimeout(timer)
          s.destroy()
          resolve(null)
        })
      })
      if (socket) return { port, socket }
      countsOf(port).refused++
    }
    return null
  }

  const server: Server = createServer({ pauseOnConnect: true }, (client) => {
    client.on('error', () => client.destroy())
    void connectNext().then((target) => {
      if (!target || client.destroyed) {
        target?.socket.destroy()
        client.destroy()
        return
      }
      const { port, socket: upstream } = target
      const c = countsOf(port)
      c.total++
      c.open++
      if (client.remotePort !== undefined) byClientPort.set(client.remotePort, port)
      let sockets = open.get(port)
      if (!sockets) open.set(port, (sockets = new Set()))
      sockets.add(client).add(upstream)
      upstream.setNoDelay(true)
      client.setNoDelay(true)
      let closed = false
      const closeBoth = () => {
        if (closed) return
        closed = true
        c.open--
        sockets.delete(client)
        sockets.delete(upstream)
        client.destroy()
        upstream.destroy()
      }
      upstream.on('error', closeBoth)
      client.on('error', closeBoth)
      upstream.on('close', closeBoth)
      client.on('close', closeBoth)
      client.pipe(upstream)
      upstream.pipe(client)
      client.resume()
    })
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, host, () => resolve())
  })
  const addr = server.address()
  if (!addr || typeof addr !== 'object') throw new Error('proxy has no address')
  const port = addr.port

  return {
    port,
    url: `http://${host}:${port}`,
    wsUrl: `ws://${host}:${port}/collab`,
    setBackends(ports) {
      backends = [...ports]
    },
    backends: () => [...backends],
    counts: () => new Map([...counts].map(([p, c]) => [p, { ...c }])),
    backendOf: (clientPort) => byClientPort.get(clientPort),
    dropConnections(backendPort) {
      for (const s of [...(open.get(backendPort) ?? [])]) s.destroy()
    },
    async close() {
      const done = new Promise<void>((resolve) => server.close(() => resolve()))
      for (const sockets of open.values()) for (const s of [...sockets]) s.destroy()
      await done
    },
  }
}
