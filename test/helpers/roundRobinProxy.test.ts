/**
 * The cluster tests' round-robin proxy: connections go to the backends in
 * turn, a backend that refuses is skipped, a backend's closed socket closes
 * the client's, bytes pass both ways unchanged.
 */
import { connect, createServer, type Server, type Socket } from 'node:net'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { startRoundRobinProxy, type RoundRobinProxy } from './roundRobinProxy'
import { waitUntil } from './wait'

interface Backend {
  server: Server
  port: number
  sockets: Set<Socket>
  close(): Promise<void>
}

/** A backend that greets with its name, then echoes. */
async function backend(name: string, port = 0): Promise<Backend> {
  const sockets = new Set<Socket>()
  const server = createServer((s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
    s.write(`${name}\n`)
    s.pipe(s)
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()))
  const addr = server.address()
  return {
    server,
    port: typeof addr === 'object' && addr ? addr.port : 0,
    sockets,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
}

interface Client {
  socket: Socket
  data: string
  closed: boolean
}

async function dial(proxy: RoundRobinProxy): Promise<Client> {
  const c: Client = { socket: connect({ port: proxy.port, host: '127.0.0.1' }), data: '', closed: false }
  c.socket.on('data', (d) => (c.data += d.toString()))
  c.socket.on('close', () => (c.closed = true))
  c.socket.on('error', () => {})
  await waitUntil(() => c.data.includes('\n') || c.closed, 'greeting or close')
  return c
}

const greeting = (c: Client) => c.data.split('\n')[0]

const backends: Backend[] = []
const clients: Client[] = []
let proxy: RoundRobinProxy | undefined

afterEach(async () => {
  for (const c of clients.splice(0)) c.socket.destroy()
  await proxy?.close()
  proxy = undefined
})
afterAll(async () => {
  for (const b of backends) await b.close()
})

describe('roundRobinProxy', () => {
  it('hands connections to the backends in turn and counts them', async () => {
    backends.push(await backend('a'), await backend('b'), await backend('c'))
    const [a, b, c] = backends
    proxy = await startRoundRobinProxy([a!.port, b!.port, c!.port])
    const names: string[] = []
    for (let i = 0; i < 6; i++) {
      const client = await dial(proxy)
      clients.push(client)
      names.push(greeting(client)!)
      expect(proxy.backendOf(client.socket.localPort!)).toBe(backends[i % 3]!.port)
    }
    expect(names).toEqual(['a', 'b', 'c', 'a', 'b', 'c'])
    for (const bk of [a, b, c]) expect(proxy.counts().get(bk!.port)).toEqual({ total: 2, open: 2, refused: 0 })

    // Bytes pass both ways.
    clients[0]!.socket.write('hello\n')
    await waitUntil(() => clients[0]!.data === 'a\nhello\n', 'echo through the proxy')

    clients[1]!.socket.destroy()
    await waitUntil(() => proxy!.counts().get(b!.port)!.open === 1, 'client close counted')
  })

  it('skips a backend that refuses; closes the clients of a backend that dies', async () => {
    const [a, b] = await Promise.all([backend('x'), backend('y')])
    backends.push(a, b)
    proxy = await startRoundRobinProxy([a.port, b.port])
    const first = await dial(proxy)
    const second = await dial(proxy)
    clients.push(first, second)
    expect([greeting(first), greeting(second)]).toEqual(['x', 'y'])

    await a.close()
    await waitUntil(() => first.closed, 'the dead backend’s client is closed')
    expect(second.closed).toBe(false)

    const names: string[] = []
    for (let i = 0; i < 4; i++) {
      const c = await dial(proxy)
      clients.push(c)
      names.push(greeting(c)!)
    }
    expect(names).toEqual(['y', 'y', 'y', 'y'])
    expect(proxy.counts().get(a.port)!.refused).toBeGreaterThanOrEqual(2)

    // The backend comes back on the same port: it gets connections again.
    const again = await backend('x2', a.port)
    backends.push(again)
    const more: string[] = []
    for (let i = 0; i < 2; i++) {
      const c = await dial(proxy)
      clients.push(c)
      more.push(greeting(c)!)
    }
    expect(more.sort()).toEqual(['x2', 'y'])
  })

  it('closes the client when every backend refuses; setBackends and dropConnections', async () => {
    const b = await backend('only')
    backends.push(b)
    const dead = await backend('dead')
    const deadPort = dead.port
    await dead.close()
    proxy = await startRoundRobinProxy([deadPort])
    const refused = await dial(proxy)
    expect(refused.closed).toBe(true)
    expect(refused.data).toBe('')

    proxy.setBackends([b.port])
    expect(proxy.backends()).toEqual([b.port])
    const c = await dial(proxy)
    clients.push(c)
    expect(greeting(c)).toBe('only')
    proxy.dropConnections(b.port)
    await waitUntil(() => c.closed, 'dropped connection closed')
    await waitUntil(() => b.sockets.size === 0, 'backend side closed too')
  })
})
